"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { ChangePasswordForm } from "@/app/_components/change-password-form";
import { SignOutButton } from "@/app/(dashboard)/_components/sign-out-button";

export function FirstPasswordForm() {
  const t = useTranslations("account");
  const router = useRouter();
  return (
    <div className="flex flex-col gap-4">
      <ChangePasswordForm
        submitLabel={t("mustChangeSubmit")}
        onChanged={() => {
          router.replace("/");
          router.refresh();
        }}
      />
      <div className="border-t pt-4">
        <SignOutButton />
      </div>
    </div>
  );
}
