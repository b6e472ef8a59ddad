import { TRPCError } from "@trpc/server";
import { StoreIcon } from "@/app/_components/server-icons";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import superjson from "superjson";
import type { Locale } from "@/app/_i18n/config";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";
import { CustomerFrame } from "./_components/customer-frame";
import { PayLive } from "./_components/pay-live";
import { PayView } from "./_components/pay-view";
import { viewStamp } from "./_lib/view-stamp";

/** The pay view of a token, or null when no such payment request exists. */
const loadView = cache(async (token: string) => {
  // The same bounds as the procedure's input: anything else cannot be one of our tokens.
  if (token.length < 10 || token.length > 64) return null;
  try {
    const view = await (await serverCaller()).pay.view({ token });
    // The server's clock at reading: the page's countdown starts from it.
    return { view, readAt: Date.now() };
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST"))
      return null;
    throw err;
  }
});

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("pay");
  const loaded = await loadView((await params).token);
  return {
    title: loaded ? t("title", { merchant: loaded.view.merchantName }) : t("notFound.title"),
    // A pay link is for one customer: never in a search engine, never followed.
    robots: { index: false, follow: false },
  };
}

export default async function PayPage({ params }: Props) {
  const { token } = await params;
  const loaded = await loadView(token);
  if (!loaded) notFound();
  const { view, readAt } = loaded;
  // The language the customer reads the page in goes on the order for their e-mails; a
  // signed-in member of staff looking at the page is not the customer.
  if (!(await currentUser().catch(() => null)))
    await (await serverCaller()).pay.recordLocale({ token, locale: (await getLocale()) as Locale });
  return (
    <CustomerFrame>
      <header className="flex flex-col items-center gap-1 pb-4 text-center">
        <h1 className="text-lg font-semibold">{view.merchantName}</h1>
        <p className="text-muted-foreground inline-flex items-center gap-1.5 text-sm">
          <StoreIcon aria-hidden className="size-4" />
          {view.storeName}
        </p>
      </header>
      {/* Keyed by token: a retry opens a new request, whose page starts afresh. The stamp is
          of the view as the live updates send it (superjson's, as tRPC's transformer). */}
      <PayLive key={token} token={token} stamp={viewStamp(superjson.serialize(view).json)}>
        <PayView view={view} now={readAt} />
      </PayLive>
    </CustomerFrame>
  );
}
