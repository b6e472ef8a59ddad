"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Button } from "@/app/_components/ui/button";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { RouterOutputs } from "../../_lib/router-types";
import { CloseShiftDialog, type ClosedShift } from "./close-shift-dialog";
import { DifferenceText, DrawerFigures, readAmount } from "./drawer-figures";
import { PaidOutDialog } from "./paid-out-dialog";

type OpenShift = NonNullable<RouterOutputs["shifts"]["current"]>;

/**
 * The cashier's own drawer at the counter's store: open it with a counted float, follow its
 * running totals, record paid-outs, and close it by counting.
 */
export function ShiftPanel({
  stores,
  initialStoreId,
}: {
  stores: { id: string; name: string }[];
  initialStoreId: string | null;
}) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const [storeId, setStoreId] = useState(initialStoreId);
  const [justClosed, setJustClosed] = useState<ClosedShift | null>(null);
  const current = useQuery({
    ...trpc.shifts.current.queryOptions({ storeId: storeId ?? "" }),
    enabled: !!storeId,
  });

  return (
    <section className="flex flex-col gap-5" aria-labelledby="my-shift">
      <PageHeader title={t("title")} description={t("description")} />
      {!storeId ? (
        <p className="bg-muted rounded-lg p-4">{t("noStore")}</p>
      ) : (
        <>
          {stores.length > 1 ? (
            <div className="flex max-w-sm flex-col gap-2">
              <Label htmlFor="shift-store">{t("store")}</Label>
              <NativeSelect
                id="shift-store"
                variant="bare"
                className="h-12 w-full text-base md:text-sm"
                value={storeId}
                onChange={(e) => {
                  setStoreId(e.target.value);
                  setJustClosed(null);
                }}
              >
                {stores.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
          <h2 id="my-shift" className="text-lg font-semibold">
            {t("mine")}
          </h2>
          {current.isPending ? (
            <p className="text-muted-foreground" role="status">
              {t("loading")}
            </p>
          ) : current.isError ? (
            <div className="flex items-center gap-3" role="alert">
              <p className="text-destructive">{t("retry")}</p>
              <Button variant="outline" onClick={() => void current.refetch()}>
                {t("retry")}
              </Button>
            </div>
          ) : justClosed ? (
            <ClosedSummary shift={justClosed} onNext={() => setJustClosed(null)} />
          ) : current.data ? (
            <RunningShift shift={current.data} onClosed={setJustClosed} />
          ) : (
            <OpenShiftForm storeId={storeId} />
          )}
        </>
      )}
    </section>
  );
}

function OpenShiftForm({ storeId }: { storeId: string }) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const settings = useQuery(trpc.merchant.basics.queryOptions());
  const currency = settings.data?.defaultCurrency ?? "CNY";
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const open = useMutation(
    trpc.shifts.open.mutationOptions({
      onSuccess: () => {
        toast.success(t("opened"));
        void queryClient.invalidateQueries(trpc.shifts.pathFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const floatMinor = readAmount(text, currency);
    if (floatMinor === null || floatMinor === "invalid") {
      setError(t("invalidAmount"));
      return;
    }
    open.mutate({ storeId, floatMinor });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="bg-card flex flex-col gap-4 rounded-xl border p-5"
    >
      <p className="text-muted-foreground">{t("none")}</p>
      <div className="flex max-w-sm flex-col gap-2">
        <Label htmlFor="shift-float">{t("float")}</Label>
        <Input
          id="shift-float"
          inputMode="decimal"
          autoComplete="off"
          variant="bare"
          className="h-14 w-full text-2xl md:text-2xl"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "shift-float-error" : "shift-float-hint"}
        />
        {error ? (
          <p id="shift-float-error" role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : (
          <p id="shift-float-hint" className="text-muted-foreground text-sm">
            {t("floatHint")}
          </p>
        )}
      </div>
      <div>
        <Button type="submit" size="lg" disabled={open.isPending}>
          {open.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("open")}
        </Button>
      </div>
    </form>
  );
}

function RunningShift({
  shift,
  onClosed,
}: {
  shift: OpenShift;
  onClosed: (closed: ClosedShift) => void;
}) {
  const t = useTranslations("shifts");
  const time = useShopTime();
  const running = shift.running;
  if (!running) return null;
  return (
    <div className="flex flex-col gap-5">
      <div className="bg-card flex flex-col gap-4 rounded-xl border p-5">
        <p className="text-muted-foreground text-sm">
          {t("openedAt", { time: time.dateTime(shift.openedAt) })}
        </p>
        <DrawerFigures currency={shift.currency} {...running} />
        <div className="flex flex-wrap gap-3">
          <PaidOutDialog shiftId={shift.id} currency={shift.currency} />
          <CloseShiftDialog shift={shift} onClosed={onClosed} />
        </div>
      </div>
      <MethodTotals methods={shift.methods} />
      <section className="flex flex-col gap-2" aria-labelledby="paid-outs">
        <h3 id="paid-outs" className="font-semibold">
          {t("paidOut.title")}
        </h3>
        {shift.paidOuts.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("paidOut.empty")}</p>
        ) : (
          <ul className="divide-y rounded-lg border">
            {shift.paidOuts.map((p) => (
              <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-2 p-3">
                <span>
                  <span className="font-medium">{t(`paidOut.kinds.${p.kind}`)}</span> · {p.reason}
                  <span className="text-muted-foreground ml-2 text-sm">
                    {time.dateTime(p.createdAt)}
                  </span>
                </span>
                <Money minor={p.amountMinor} currency={p.currency} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Count, amount and fees per method the cashier took this shift. */
export function MethodTotals({ methods }: { methods: OpenShift["methods"] }) {
  const t = useTranslations("shifts.methods");
  return (
    <section className="flex flex-col gap-2" aria-labelledby="shift-methods">
      <h3 id="shift-methods" className="font-semibold">
        {t("title")}
      </h3>
      {methods.length === 0 ? (
        <p className="text-muted-foreground text-sm">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left">
              <tr>
                <th className="p-3 font-medium">{t("method")}</th>
                <th className="p-3 text-right font-medium">{t("payments")}</th>
                <th className="p-3 text-right font-medium">{t("amount")}</th>
                <th className="p-3 text-right font-medium">{t("fees")}</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {methods.map((m) => (
                <tr key={`${m.methodId}-${m.currency}`}>
                  <td className="p-3">{m.label}</td>
                  <td className="p-3 text-right tabular-nums">{m.payments}</td>
                  <td className="p-3 text-right">
                    <Money minor={m.amountMinor} currency={m.currency} />
                  </td>
                  <td className="p-3 text-right">
                    <Money minor={m.feeMinor} currency={m.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ClosedSummary({ shift, onNext }: { shift: ClosedShift; onNext: () => void }) {
  const t = useTranslations("shifts");
  return (
    <div className="bg-card flex flex-col gap-4 rounded-xl border p-5" role="status">
      <p className="text-lg font-semibold">
        {t("close.closed")} ·{" "}
        <DifferenceText differenceMinor={shift.differenceMinor ?? 0n} currency={shift.currency} />
      </p>
      <DrawerFigures
        currency={shift.currency}
        floatMinor={shift.floatMinor}
        cashSalesMinor={shift.cashSalesMinor ?? 0n}
        cashRefundsMinor={shift.cashRefundsMinor ?? 0n}
        paidOutsMinor={shift.paidOutsMinor ?? 0n}
        expectedMinor={shift.expectedMinor ?? 0n}
        countedMinor={shift.countedMinor}
      />
      <MethodTotals methods={shift.methods} />
      <div>
        <Button size="lg" variant="outline" onClick={onNext}>
          {t("close.newShift")}
        </Button>
      </div>
    </div>
  );
}
