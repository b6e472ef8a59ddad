"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { signOut } from "@/app/_lib/auth-client";

/** Ends the session and returns to the sign-in page. */
export function useSignOut() {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  return {
    leaving,
    async signOut() {
      setLeaving(true);
      await signOut();
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
