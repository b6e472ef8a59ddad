"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

/**
 * Ends the session with the auth library's own endpoint. Here rather than with the sign-in
 * code (auth-client.ts): the console's layout loads this module on every page.
 */
async function endSession(): Promise<void> {
  await fetch("/api/auth/sign-out", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
}

/** Ends the session and returns to the sign-in page. */
export function useSignOut() {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  return {
    leaving,
    async signOut() {
      setLeaving(true);
      await endSession();
      router.replace("/sign-in");
      router.refresh();
    },
  };
}

export function SignOutButton() {
  const t = useTranslations("shell");
  const { leaving, signOut } = useSignOut();
  return (
    <Button variant="outline" disabled={leaving} onClick={() => void signOut()}>
      {t("signOut")}
    </Button>
  );
}
