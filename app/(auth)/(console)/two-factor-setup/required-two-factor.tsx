"use client";

import { useRouter } from "next/navigation";
import { TwoFactorSetup } from "@/app/_components/two-factor-setup";

/** The set-up, leading on to the console once the first code is confirmed. */
export function RequiredTwoFactor() {
  const router = useRouter();
  return <TwoFactorSetup enabled={false} required onEnabled={() => router.replace("/")} />;
}
