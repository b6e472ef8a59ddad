"use client";

import { CopyIcon, LoaderCircleIcon, ShieldCheckIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { PageQr } from "@/app/_components/page-qr";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { authPost } from "@/app/_lib/auth-client";

type Step =
  | { kind: "idle" }
  | { kind: "password"; purpose: "enable" | "codes" | "disable" }
  | { kind: "scan"; uri: string; backupCodes: string[] }
  | { kind: "codes"; backupCodes: string[] };

/** The base32 secret of an otpauth URI, in groups of four, for typing into an app by hand. */
function manualKey(uri: string): string {
  const secret = new URL(uri).searchParams.get("secret") ?? "";
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/**
 * Two-factor sign-in for the signed-in person: set up an authenticator app (password, scan,
 * first code), new backup codes, or turn it off. Used on the account page and on the page a
 * shop that requires it sends people to (`onEnabled` then leads on).
 */
export function TwoFactorSetup({
  enabled,
  required = false,
  onEnabled,
}: {
  enabled: boolean;
  required?: boolean;
  onEnabled?: () => void;
}) {
  const t = useTranslations("twoFactor");
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const messageFor = (code: string) =>
    code === "INVALID_PASSWORD"
      ? t("wrongPassword")
      : code === "INVALID_CODE"
        ? t("wrongCode")
        : code === "TOO_MANY"
          ? t("tooMany")
          : t("failed");

  async function submitPassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (step.kind !== "password") return;
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    setPending(true);
    setError(null);
    if (step.purpose === "enable") {
      const res = await authPost<{ totpURI: string; backupCodes: string[] }>("two-factor/enable", {
        password,
      });
      if (res.ok)
        setStep({ kind: "scan", uri: res.data.totpURI, backupCodes: res.data.backupCodes });
      else setError(messageFor(res.code));
    } else if (step.purpose === "codes") {
      const res = await authPost<{ backupCodes: string[] }>("two-factor/generate-backup-codes", {
        password,
      });
      if (res.ok) setStep({ kind: "codes", backupCodes: res.data.backupCodes });
      else setError(messageFor(res.code));
    } else {
      const res = await authPost("two-factor/disable", { password });
      if (res.ok) {
        toast.success(t("disabled"));
        setStep({ kind: "idle" });
        router.refresh();
      } else setError(messageFor(res.code));
    }
    setPending(false);
  }

  async function submitFirstCode(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    setPending(true);
    setError(null);
    const res = await authPost("two-factor/verify-totp", { code });
    setPending(false);
    if (!res.ok) {
      setError(messageFor(res.code));
      return;
    }
    toast.success(t("enabled"));
    setStep({ kind: "idle" });
    router.refresh();
    onEnabled?.();
  }

  const cancel = () => {
    setStep({ kind: "idle" });
    setError(null);
  };
  const errorLine = error ? (
    <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
      {error}
    </p>
  ) : null;

  if (step.kind === "password") {
    return (
      <form onSubmit={(e) => void submitPassword(e)} className="flex flex-col gap-4">
        <Field id="twoFactorPassword" label={t("password")} hint={t(`${step.purpose}Hint`)}>
          <Input
            id="twoFactorPassword"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            aria-describedby="twoFactorPassword-hint"
          />
        </Field>
        {errorLine}
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button
            type="submit"
            disabled={pending}
            variant={step.purpose === "disable" ? "destructive" : "default"}
          >
            {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
            {t(`${step.purpose}Submit`)}
          </Button>
          {required && step.purpose === "enable" ? null : (
            <Button type="button" variant="ghost" onClick={cancel}>
              {t("cancel")}
            </Button>
          )}
        </div>
      </form>
    );
  }

  if (step.kind === "scan") {
    return (
      <div className="flex flex-col gap-5">
        <ol className="flex list-decimal flex-col gap-4 pl-5 text-sm marker:font-medium">
          <li>
            <div className="flex flex-col gap-3">
              <span>{t("scan")}</span>
              <PageQr text={step.uri} label={t("qrLabel")} />
              <span className="text-muted-foreground">
                {t("manualKey")}{" "}
                <code className="bg-muted rounded px-1.5 py-0.5 font-mono break-all">
                  {manualKey(step.uri)}
                </code>
              </span>
            </div>
          </li>
          <li>
            <div className="flex flex-col gap-2">
              <span>{t("saveCodes")}</span>
              <BackupCodes codes={step.backupCodes} />
            </div>
          </li>
          <li>
            <form
              onSubmit={(e) => void submitFirstCode(e)}
              className="flex flex-col gap-3 sm:flex-row sm:items-end"
            >
              <div className="flex-1">
                <Field id="twoFactorFirstCode" label={t("firstCode")}>
                  <Input
                    id="twoFactorFirstCode"
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9 ]{6,7}"
                    maxLength={7}
                    required
                  />
                </Field>
              </div>
              <Button type="submit" disabled={pending} className="sm:mb-6">
                {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
                {t("confirm")}
              </Button>
            </form>
          </li>
        </ol>
        {errorLine}
      </div>
    );
  }

  if (step.kind === "codes") {
    return (
      <div className="flex flex-col gap-3 text-sm">
        <p>{t("newCodes")}</p>
        <BackupCodes codes={step.backupCodes} />
        <div>
          <Button type="button" onClick={cancel}>
            {t("done")}
          </Button>
        </div>
      </div>
    );
  }

  const ask = (purpose: "enable" | "codes" | "disable") => () => {
    setError(null);
    setStep({ kind: "password", purpose });
  };
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <p className="flex items-center gap-2 text-sm">
        {enabled ? (
          <>
            <ShieldCheckIcon className="size-4 text-emerald-600" aria-hidden />
            <Badge variant="outline">{t("on")}</Badge>
          </>
        ) : (
          <span className="text-muted-foreground">{required ? t("requiredOff") : t("off")}</span>
        )}
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        {enabled ? (
          <>
            <Button variant="outline" onClick={ask("codes")}>
              {t("newCodesButton")}
            </Button>
            <Button variant="outline" onClick={ask("disable")}>
              {t("disableButton")}
            </Button>
          </>
        ) : (
          <Button onClick={ask("enable")}>{t("enableButton")}</Button>
        )}
      </div>
    </div>
  );
}

/** Backup codes, each usable once, with a copy button (they are shown only this time). */
function BackupCodes({ codes }: { codes: string[] }) {
  const t = useTranslations("twoFactor");
  return (
    <div className="flex flex-col gap-2">
      <ul
        aria-label={t("codesLabel")}
        className="bg-muted grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg p-3 font-mono text-sm sm:w-fit"
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() =>
            // No clipboard outside a secure context (plain http on a shop's network).
            void (
              navigator.clipboard?.writeText(codes.join("\n")) ??
              Promise.reject(new Error("no clipboard"))
            ).then(
              () => toast.success(t("copied")),
              () => toast.error(t("copyFailed")),
            )
          }
        >
          <CopyIcon aria-hidden />
          {t("copy")}
        </Button>
      </div>
    </div>
  );
}
