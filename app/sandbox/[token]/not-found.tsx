import { getTranslations } from "next-intl/server";
import { WalletFrame } from "./_components/wallet-frame";

export default async function SandboxNotFound() {
  const t = await getTranslations("sandbox.notFound");
  return (
    <WalletFrame>
      <div className="mt-4 flex flex-col items-center gap-2 rounded-2xl bg-white px-5 py-10 text-center shadow-sm">
        <h2 className="text-xl font-semibold">{t("heading")}</h2>
        <p className="text-sm text-slate-600">{t("body")}</p>
      </div>
    </WalletFrame>
  );
}
