"use client";

import { Trash2Icon } from "lucide-react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";

// The form and its sentences: fetched when the owner asks to delete the demo data, not with
// every visit to the settings.
const { Lazy: DemoDataForm, fetchAhead } = lazyWithMessages(
  ["demoData"],
  () => import("./demo-data-form"),
  (m) => m.DemoDataForm,
);

export function DemoDataRemoval({
  shopName,
  signedInAsDemoAccount,
  openLabel,
}: {
  shopName: string;
  signedInAsDemoAccount: boolean;
  openLabel: string;
}) {
  return (
    <OpenOnRequest
      label={openLabel}
      icon={<Trash2Icon aria-hidden />}
      fetchAhead={fetchAhead}
      opened={<DemoDataForm shopName={shopName} signedInAsDemoAccount={signedInAsDemoAccount} />}
    />
  );
}
