"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Checkbox, Input } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

type Settings = {
  defaultUses: number;
  validDays: number | null;
  storeOnly: boolean;
  reversalWindowMinutes: number;
};

/** The merchant's voucher rules: uses, validity, store scope, reversal window. */
export function VoucherSettingsCard({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("vouchers.settings");
  const trpc = useTRPC();
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {settings.data ? (
          // Keyed by the saved values: the form starts afresh from what the server holds.
          <SettingsForm
            key={JSON.stringify(settings.data)}
            saved={settings.data}
            canEdit={canEdit}
          />
        ) : (
          <Skeleton className="h-40" />
        )}
      </CardContent>
    </Card>
  );
}

function SettingsForm({ saved, canEdit }: { saved: Settings; canEdit: boolean }) {
  const t = useTranslations("vouchers.settings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const [uses, setUses] = useState(String(saved.defaultUses));
  const [days, setDays] = useState(saved.validDays === null ? "" : String(saved.validDays));
  const [storeOnly, setStoreOnly] = useState(saved.storeOnly);
  const [windowMinutes, setWindowMinutes] = useState(String(saved.reversalWindowMinutes));
  const save = useMutation(
    trpc.vouchers.updateSettings.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        void queryClient.invalidateQueries(trpc.vouchers.settings.pathFilter());
      },
    }),
  );
  const errors = save.error ? fieldErrors(save.error) : {};
  return (
    <form
      className="grid grid-cols-1 gap-4 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          defaultUses: Number(uses),
          validDays: days.trim() === "" ? null : Number(days),
          storeOnly,
          reversalWindowMinutes: Number(windowMinutes),
        });
      }}
    >
      <fieldset disabled={!canEdit} className="contents">
        <Field id="defaultUses" label={t("uses")} hint={t("usesHint")} error={errors.defaultUses}>
          <Input
            id="defaultUses"
            inputMode="numeric"
            value={uses}
            onChange={(e) => setUses(e.target.value)}
            {...invalidProps(errors, "defaultUses")}
          />
        </Field>
        <Field
          id="validDays"
          label={t("validDays")}
          hint={t("validDaysHint")}
          error={errors.validDays}
        >
          <Input
            id="validDays"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            {...invalidProps(errors, "validDays")}
          />
        </Field>
        <Field
          id="reversalWindowMinutes"
          label={t("window")}
          hint={t("windowHint")}
          error={errors.reversalWindowMinutes}
        >
          <Input
            id="reversalWindowMinutes"
            inputMode="numeric"
            value={windowMinutes}
            onChange={(e) => setWindowMinutes(e.target.value)}
            {...invalidProps(errors, "reversalWindowMinutes")}
          />
        </Field>
        <label className="flex items-center gap-2 self-center text-sm">
          <Checkbox checked={storeOnly} onChange={(e) => setStoreOnly(e.target.checked)} />
          {t("storeOnly")}
        </label>
      </fieldset>
      {save.error && Object.keys(errors).length === 0 ? (
        <p role="alert" className="text-destructive text-sm md:col-span-2">
          {errorMessage(save.error)}
        </p>
      ) : null}
      {canEdit ? (
        <div className="md:col-span-2">
          <Button type="submit" disabled={save.isPending}>
            {t("save")}
          </Button>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm md:col-span-2">{t("readOnly")}</p>
      )}
    </form>
  );
}
