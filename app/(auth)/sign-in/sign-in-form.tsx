"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { signIn } from "@/app/_lib/auth-client";
import { SecondFactorForm } from "./second-factor-form";
import { useHydrated } from "@/app/_lib/use-hydrated";

export function SignInForm() {
  const t = useTranslations("signIn");
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [secondFactor, setSecondFactor] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn(
      String(form.get("email") ?? ""),
      String(form.get("password") ?? ""),
    );
    if (result.ok === "secondFactor") {
      setPending(false);
      setSecondFactor(true);
      return;
    }
    if (result.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    if (result.reason === "tooMany") {
      setError(t("tooMany", { minutes: Math.max(1, Math.ceil((result.retryAfter ?? 60) / 60)) }));
    } else {
      setError(t(result.reason));
    }
  }

  if (secondFactor) return <SecondFactorForm onBack={() => setSecondFactor(false)} />;

  return (
    // onSubmit never rejects: signIn answers every failure, network ones too, as a reason.
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate={false}>
      <div className="flex flex-col gap-2">
        <Label htmlFor="email">{t("email")}</Label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={!!error}
        />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="password">{t("password")}</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={!!error}
        />
      </div>
      {error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={!hydrated || pending} size="lg">
        {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
        {t("submit")}
      </Button>
    </form>
  );
}
