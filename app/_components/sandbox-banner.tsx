import { getTranslations } from "next-intl/server";
import { FlaskConicalIcon } from "@/app/_components/server-icons";
import { env } from "@/env";

/**
 * When the operator turned the sandbox wallet on for every shop (SANDBOX=1), every console
 * and customer page says so: nobody may mistake simulated payments for real ones.
 */
export async function SandboxBanner() {
  if (!env.sandboxEverywhere) return null;
  const t = await getTranslations("methodSetup");
  return (
    <div
      role="note"
      className="flex items-center justify-center gap-2 bg-amber-300 px-3 py-1.5 text-center text-sm font-medium text-amber-950"
    >
      <FlaskConicalIcon className="size-4 shrink-0" aria-hidden />
      {t("sandboxBanner")}
    </div>
  );
}
