"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { BanknoteIcon, FlaskConicalIcon, PencilIcon, WalletCardsIcon } from "lucide-react";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { formatMinor } from "@/server/money/minor-units";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { PaymentMethod } from "../../_lib/router-types";
import { bpsToPercent, describeFee } from "../_lib/fee";
import { ConnectionDialog, isProviderKind } from "./connection-dialog";
import { MethodDialog } from "./method-dialog";
import { MethodReadiness } from "./method-readiness";
import { Checkbox } from "@/app/_components/ui/input";

export function MethodsManager({
  canConfigure,
  defaultCurrency,
}: {
  canConfigure: boolean;
  defaultCurrency: string;
}) {
  const t = useTranslations("paymentMethods");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const methods = useQuery(trpc.paymentMethods.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.paymentMethods.list.queryKey() });

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={canConfigure ? t("description") : t("readOnly")}
        actions={
          canConfigure ? (
            <MethodDialog
              defaultCurrency={defaultCurrency}
              // A new method may be the sandbox wallet only where it may take payments
              // (demo and practice shops, SANDBOX=1): the list says whether this shop is one.
              sandboxOffered={methods.data?.sandboxAllowed ?? false}
              onSaved={() => void refresh()}
            />
          ) : null
        }
      />
      {methods.isPending ? (
        <div className="grid gap-4 md:grid-cols-2" aria-busy="true">
          <Skeleton className="h-64" />
          <Skeleton className="h-64" />
        </div>
      ) : methods.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p>{errorMessage(methods.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void methods.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : methods.data.methods.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
          <WalletCardsIcon className="text-muted-foreground size-10" aria-hidden />
          <p className="font-medium">{t("empty")}</p>
          <p className="text-muted-foreground max-w-sm text-sm">
            {canConfigure ? t("emptyHint") : t("emptyReadOnly")}
          </p>
        </Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {methods.data.methods.map((m) => (
            <li key={m.id}>
              <MethodCard
                method={m}
                canConfigure={canConfigure}
                defaultCurrency={defaultCurrency}
                onSaved={() => void refresh()}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MethodCard({
  method: m,
  canConfigure,
  defaultCurrency,
  onSaved,
}: {
  method: PaymentMethod;
  canConfigure: boolean;
  defaultCurrency: string;
  onSaved: () => void;
}) {
  const t = useTranslations("paymentMethods");
  const Icon =
    m.kind === "cash" ? BanknoteIcon : m.kind === "sandbox" ? FlaskConicalIcon : WalletCardsIcon;
  const minutes = Math.round(m.requestTtlSeconds / 60);

  return (
    <Card className="flex h-full flex-col" aria-labelledby={`method-${m.id}`}>
      <CardHeader
        variant="bare"
        className="flex flex-row items-start justify-between gap-3 p-5 pb-3"
      >
        <div className="flex min-w-0 items-start gap-3">
          <span className="bg-accent text-accent-foreground flex size-10 shrink-0 items-center justify-center rounded-lg">
            <Icon className="size-5" aria-hidden />
          </span>
          <div className="flex min-w-0 flex-col gap-1.5">
            <CardTitle id={`method-${m.id}`} className="break-words">
              {m.label}
            </CardTitle>
            <div className="flex flex-wrap gap-1.5">
              <Badge variant="secondary">{t(`kinds.${m.kind}`)}</Badge>
              {m.enabled ? (
                <Badge variant="tinted" className="bg-emerald-100 text-emerald-900">
                  {t("enabled")}
                </Badge>
              ) : (
                <Badge variant="outline">{t("disabled")}</Badge>
              )}
              {m.kind !== "cash" ? <Badge variant="outline">{t(`modes.${m.mode}`)}</Badge> : null}
            </div>
          </div>
        </div>
        {canConfigure ? (
          <div className="flex flex-wrap justify-end gap-2">
            {isProviderKind(m.kind) ? (
              <ConnectionDialog method={{ ...m, kind: m.kind }} onSaved={onSaved} />
            ) : null}
            <MethodDialog
              method={m}
              defaultCurrency={defaultCurrency}
              onSaved={onSaved}
              trigger={
                <Button variant="outline" size="sm" aria-label={t("editNamed", { label: m.label })}>
                  <PencilIcon aria-hidden />
                  {t("edit")}
                </Button>
              }
            />
          </div>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-4">
        <MethodReadiness method={m} canConfigure={canConfigure} onChanged={onSaved} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-muted-foreground">{t("fee")}</dt>
          <dd className="flex flex-col gap-0.5 tabular-nums" data-testid="fee-rule">
            {m.currencies.map((currency) => (
              <FeeInCurrency key={currency} method={m} currency={currency} />
            ))}
          </dd>
          <dt className="text-muted-foreground">{t("currencies")}</dt>
          <dd>{m.currencies.join(", ")}</dd>
          <dt className="text-muted-foreground">{t("settlement")}</dt>
          <dd>{t("settlementDays", { days: m.settlementDelayDays })}</dd>
          {m.kind !== "cash" ? (
            <>
              <dt className="text-muted-foreground">{t("requestExpiry")}</dt>
              <dd>{t("minutes", { minutes })}</dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">{t("credentials")}</dt>
          <dd>
            {m.kind === "cash"
              ? t("credentialsNotNeeded")
              : m.kind === "sandbox"
                ? t("credentialsSandbox")
                : m.provider?.complete
                  ? t("connection.complete")
                  : m.hasCredentials
                    ? t("connection.incomplete")
                    : t("credentialsNotSet")}
          </dd>
        </dl>
        {m.sandbox ? (
          <SandboxBehaviour
            method={m}
            sandbox={m.sandbox}
            canConfigure={canConfigure}
            onSaved={onSaved}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}

function SandboxBehaviour({
  method,
  sandbox,
  canConfigure,
  onSaved,
}: {
  method: PaymentMethod;
  sandbox: NonNullable<PaymentMethod["sandbox"]>;
  canConfigure: boolean;
  onSaved: () => void;
}) {
  const t = useTranslations("paymentMethods");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const listKey = trpc.paymentMethods.list.queryKey();
  // The box follows the click at once (a controlled input would snap back until the
  // optimistic cache update lands), and the server's state whenever it changes.
  const [shown, setShown] = useState(sandbox);
  const [serverState, setServerState] = useState(sandbox);
  if (serverState !== sandbox) {
    setServerState(sandbox);
    setShown(sandbox);
  }
  const save = useMutation(
    trpc.paymentMethods.setSandboxBehaviour.mutationOptions({
      // The box shows the new state at once; a refusal puts the server's state back.
      onMutate: ({ id, ...behaviour }) => {
        queryClient.setQueryData(
          listKey,
          (all) =>
            all && {
              ...all,
              methods: all.methods.map((m) => (m.id === id ? { ...m, sandbox: behaviour } : m)),
            },
        );
      },
      onSuccess: () => {
        toast.success(t("sandbox.saved"));
        onSaved();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        onSaved();
      },
    }),
  );
  const options = [
    { key: "duplicateDeliveries", label: t("sandbox.duplicate"), hint: t("sandbox.duplicateHint") },
    {
      key: "outOfOrderDeliveries",
      label: t("sandbox.outOfOrder"),
      hint: t("sandbox.outOfOrderHint"),
    },
  ] as const;

  return (
    <div className="bg-muted/60 mt-auto flex flex-col gap-3 rounded-lg p-3 text-sm">
      <p className="text-muted-foreground">{t("sandbox.explain")}</p>
      {canConfigure ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="sr-only">{t("sandbox.behaviour", { label: method.label })}</legend>
          {options.map((o) => {
            const id = `${method.id}-${o.key}`;
            return (
              <div key={o.key} className="flex items-start gap-2">
                <Checkbox
                  id={id}
                  checked={shown[o.key]}
                  aria-describedby={`${id}-hint`}
                  onChange={(e) => {
                    const next = { ...shown, [o.key]: e.target.checked };
                    setShown(next);
                    save.mutate({ id: method.id, ...next });
                  }}
                />
                <div className="flex flex-col">
                  <label htmlFor={id} className="font-medium">
                    {o.label}
                  </label>
                  <span id={`${id}-hint`} className="text-muted-foreground text-xs">
                    {o.hint}
                  </span>
                </div>
              </div>
            );
          })}
        </fieldset>
      ) : (
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
          {options.map((o) => (
            <div key={o.key} className="contents">
              <dt>{o.label}</dt>
              <dd className="font-medium">{sandbox[o.key] ? t("on") : t("off")}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/**
 * A method's fee in one of its currencies, in that currency's units ("0.60% + ¥40 · at least
 * ¥50"); where no amounts are set, the rate alone, said so. The code leads each line of a
 * method taking several currencies.
 */
function FeeInCurrency({ method: m, currency }: { method: PaymentMethod; currency: string }) {
  const t = useTranslations("paymentMethods");
  const locale = useLocale();
  const amounts = m.feeAmounts[currency];
  const code =
    m.currencies.length > 1 ? <span className="text-muted-foreground">{currency} </span> : null;
  if (!amounts)
    return (
      <span data-currency={currency}>
        {code}
        <span className="font-medium">{bpsToPercent(m.feeRateBps)}%</span>{" "}
        <span className="text-muted-foreground">{t("feeRateOnly")}</span>
      </span>
    );
  const money = (minor: bigint) => formatMinor(minor, currency, locale);
  const bounds = [
    amounts.minMinor !== null ? t("feeMin", { amount: money(amounts.minMinor) }) : null,
    amounts.maxMinor !== null ? t("feeMax", { amount: money(amounts.maxMinor) }) : null,
  ].filter(Boolean);
  return (
    <span data-currency={currency}>
      {code}
      <span className="font-medium">
        {describeFee(
          { feeRateBps: m.feeRateBps, feeFixedMinor: amounts.fixedMinor },
          currency,
          locale,
        )}
      </span>
      {bounds.length > 0 ? ` · ${bounds.join(" · ")}` : null}
    </span>
  );
}
