"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { verifySecondFactor } from "@/app/_lib/auth-client";

/** The second step of a sign-in: the authenticator app's code, or a backup code. */
export function SecondFactorForm({ onBack }: { onBack: () => void }) {
  const t = useTranslations("twoFactorChallenge");
  const router = useRouter();
  const [backup, setBackup] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    setPending(true);
    setError(null);
    const result = await verifySecondFactor(code, backup ? "backup" : "totp");
    if (result.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    setError(t(result.reason));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold">{t("heading")}</h2>
        <p className="text-muted-foreground text-sm">{t("body")}</p>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="code">{backup ? t("backupCode") : t("code")}</Label>
        <Input
          // A new element when the kind changes, so the field starts empty and focused.
          key={backup ? "backup" : "totp"}
          id="code"
          name="code"
          inputMode={backup ? "text" : "numeric"}
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          required
          autoFocus
          aria-invalid={!!error}
        />
      </div>
      {error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} size="lg">
        {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
        {t("submit")}
      </Button>
      <div className="flex flex-col items-center gap-1 text-sm">
        <Button
          type="button"
          variant="link"
          onClick={() => {
            setBackup(!backup);
            setError(null);
          }}
        >
          {backup ? t("useApp") : t("useBackup")}
        </Button>
        <Button type="button" variant="link" onClick={onBack}>
          {t("back")}
        </Button>
      </div>
    </form>
  );
}
