"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useTRPC } from "@/app/_trpc/client";
import { voucherTermsInput, type VoucherTermsInput } from "@/server/vouchers/voucher.schema";

const names = { uses: "voucherUses", validDays: "voucherValidDays", storeOnly: "voucherStoreOnly" };

/**
 * The new order's voucher terms, read from the form: undefined while the card has not
 * rendered (the merchant's defaults then apply), else the terms or the fields' errors.
 */
export function readVoucherTerms(form: FormData): {
  terms?: VoucherTermsInput;
  errors: Record<string, string>;
} {
  const uses = form.get(names.uses);
  if (uses === null) return { errors: {} };
  const days = String(form.get(names.validDays) ?? "").trim();
  const parsed = voucherTermsInput.safeParse({
    uses: String(uses).trim() || "x",
    validDays: days === "" ? null : days,
    storeOnly: form.get(names.storeOnly) === "on",
  });
  if (parsed.success) return { terms: parsed.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === "validDays" ? names.validDays : names.uses;
    errors[field] ??= issue.message;
  }
  return { errors };
}

/** The voucher the order will get when paid: the merchant's defaults, changeable per order. */
export function VoucherTermsCard({ errors }: { errors: Record<string, string> }) {
  const t = useTranslations("vouchers.terms");
  const tErr = useTranslations("errors");
  const trpc = useTRPC();
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  if (!settings.data) return null;
  const s = settings.data;
  const message = (name: string) =>
    errors[name] ? (tErr.has(errors[name]) ? tErr(errors[name]) : tErr("invalidValue")) : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5 sm:grid-cols-2">
        <Field id={names.uses} label={t("uses")} hint={t("usesHint")} error={message(names.uses)}>
          <Input
            id={names.uses}
            name={names.uses}
            inputMode="numeric"
            defaultValue={s.defaultUses}
            {...invalidProps(errors, names.uses)}
          />
        </Field>
        <Field
          id={names.validDays}
          label={t("validDays")}
          hint={t("validDaysHint")}
          error={message(names.validDays)}
        >
          <Input
            id={names.validDays}
            name={names.validDays}
            inputMode="numeric"
            defaultValue={s.validDays ?? ""}
            {...invalidProps(errors, names.validDays)}
          />
        </Field>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input
            type="checkbox"
            name={names.storeOnly}
            defaultChecked={s.storeOnly}
            className="size-4"
          />
          {t("storeOnly")}
        </label>
      </CardContent>
    </Card>
  );
}
