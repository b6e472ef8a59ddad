"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { Checkbox, Input } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import {
  riskRuleNames,
  riskRules,
  validParam,
  type RiskRule,
  type RiskSettings,
} from "@/server/risk/risk-rules.logic";

/**
 * The owner's anomaly rules as forms, each on or off with its numbers, saved one rule at a
 * time. Loaded when the owner asks to change them (SettingsEditor); the focus moves to the
 * first rule's switch, as the button that opened them is gone.
 */
export function RuleForms({ settings }: { settings: RiskSettings }) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.querySelector("input")?.focus(), []);
  return (
    <div ref={first} className="flex flex-col divide-y">
      {riskRuleNames.map((rule) => (
        <RuleForm
          key={rule}
          rule={rule}
          enabled={settings[rule].enabled}
          params={settings[rule].params}
        />
      ))}
    </div>
  );
}

function RuleForm({
  rule,
  enabled: savedEnabled,
  params: savedParams,
}: {
  rule: RiskRule;
  enabled: boolean;
  params: Record<string, number>;
}) {
  const t = useTranslations("riskRules.settings");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const defs = Object.entries(
    riskRules[rule] as Record<string, { min: number; max: number; fraction?: boolean }>,
  ).map(([name, def]) => ({ name, range: { min: def.min, max: def.max }, fraction: def.fraction }));
  const names = defs.map((d) => d.name);
  const [enabled, setEnabled] = useState(savedEnabled);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(names.map((n) => [n, String(savedParams[n])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation(
    trpc.risk.updateRule.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => setFormError(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const params: Record<string, number> = {};
    for (const { name, range, fraction } of defs) {
      const text = (values[name] ?? "").trim();
      const n = text === "" ? Number.NaN : Number(text);
      if (!validParam(rule, name, n)) {
        next[name] = t(fraction ? "invalidNumber" : "invalidWhole", range);
      } else params[name] = n;
    }
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length === 0) save.mutate({ rule, enabled, params });
  }

  const id = (name: string) => `risk-${rule}-${name}`;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`risk-${rule}-name`}
      className="flex flex-col gap-4 py-5 first:pt-0 last:pb-0"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1 text-sm">
          <h3 id={`risk-${rule}-name`} className="font-medium">
            {t(`rules.${rule}.name`)}
          </h3>
          <p className="text-muted-foreground">{t(`rules.${rule}.explain`)}</p>
        </div>
        <label className="hover:bg-accent/40 flex min-h-11 shrink-0 cursor-pointer items-center gap-3 rounded-md border px-3 text-sm">
          <Checkbox
            checked={enabled}
            disabled={save.isPending}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          {t("enabled")}
        </label>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {defs.map(({ name, range, fraction }) => (
          <Field
            key={name}
            id={id(name)}
            label={t(`rules.${rule}.params.${name}`)}
            hint={t("range", range)}
            error={errors[name]}
          >
            <Input
              id={id(name)}
              inputMode={fraction ? "decimal" : "numeric"}
              autoComplete="off"
              value={values[name] ?? ""}
              disabled={save.isPending}
              onChange={(e) => {
                setValues({ ...values, [name]: e.target.value });
                setErrors({ ...errors, [name]: "" });
              }}
              aria-invalid={errors[name] ? true : undefined}
              aria-describedby={errors[name] ? `${id(name)}-error` : `${id(name)}-hint`}
            />
          </Field>
        ))}
      </div>
      {formError ? (
        <p role="alert" className="text-destructive text-sm">
          {formError}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={save.isPending} className="w-full sm:w-auto">
          {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
