import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { serverCaller } from "@/server/trpc/server-caller";
import { SandboxWallet } from "./_components/sandbox-wallet";
import { WalletFrame } from "./_components/wallet-frame";

const loadCheckout = cache(async (token: string) => {
  if (token.length < 10 || token.length > 64) return null;
  try {
    const checkout = await (await serverCaller()).pay.sandboxCheckout({ token });
    // The server's clock at reading: the page's countdown starts from it.
    return { checkout, readAt: Date.now() };
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST"))
      return null;
    throw err;
  }
});

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("sandbox");
  return { title: t("title"), robots: { index: false, follow: false } };
}

/** The built-in sandbox wallet: it plays the provider, so the whole flow runs without an account. */
export default async function SandboxWalletPage({ params }: Props) {
  const { token } = await params;
  const loaded = await loadCheckout(token);
  if (!loaded) notFound();
  return (
    <WalletFrame>
      <SandboxWallet
        key={token}
        token={token}
        checkout={loaded.checkout}
        serverNow={loaded.readAt}
      />
    </WalletFrame>
  );
}
