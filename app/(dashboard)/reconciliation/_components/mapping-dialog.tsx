"use client";

import { useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { TimeZonePicker } from "@/app/_components/time-zone-picker";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { useReconMethods } from "./use-recon";

const columnFields = [
  "providerTxnId",
  "occurredAt",
  "amount",
  "fee",
  "type",
  "merchantRef",
  "currency",
] as const;
type ColumnField = (typeof columnFields)[number];
const required = new Set<ColumnField>(["providerTxnId", "occurredAt", "amount"]);

/** What the server reads headers from: the file's first 64 KB (statement.schema's limit). */
const headBytes = 64 * 1024;

async function headOf(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The generic CSV's column mapping of one method: which header of the file is the provider's
 * transaction number, the time, the amount (and the fee, type, reference, currency if any). A
 * sample file's headers and first rows, read by the server (which knows GBK), are offered.
 */
export function MappingDialog({ methodId, onClose }: { methodId: string; onClose: () => void }) {
  const t = useTranslations("reconciliation.mapping");
  const tCommon = useTranslations("reconciliation");
  const trpc = useTRPC();
  const id = useId();
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const { timeZone } = useShopTime();
  const method = useReconMethods().data?.find((m) => m.id === methodId);
  const saved = useQuery(trpc.statements.mapping.queryOptions({ methodId }));
  const settings = useQuery(trpc.merchant.basics.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(
    trpc.statements.preview.mutationOptions({ onError: (err) => setError(errorMessage(err)) }),
  );
  const save = useMutation(
    trpc.statements.saveMapping.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        onClose();
      },
      onError: (err) => {
        const fields = fieldErrors(err);
        setError(Object.values(fields)[0] ?? errorMessage(err));
      },
    }),
  );
  const current = saved.data?.mapping as
    | { columns?: Partial<Record<ColumnField, string>>; refundTypes?: string[]; currency?: string }
    | undefined;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const columns = Object.fromEntries(
      columnFields.map((f) => [f, text(`col-${f}`) || undefined]),
    ) as Record<ColumnField, string | undefined>;
    const refundTypes = text("refundTypes")
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean);
    save.mutate({
      methodId,
      mapping: {
        columns: {
          ...columns,
          providerTxnId: columns.providerTxnId ?? "",
          occurredAt: columns.occurredAt ?? "",
          amount: columns.amount ?? "",
        },
        refundTypes: refundTypes.length ? refundTypes : undefined,
        currency: text("currency").toUpperCase(),
        timeZone: text("timeZone"),
        decimal: text("decimal") === "," ? "," : ".",
      },
    });
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description", { method: method?.label ?? "" })}</DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-file`}>{t("file")}</Label>
          <Input
            id={`${id}-file`}
            type="file"
            accept=".csv,.txt,text/csv"
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              setError(null);
              if (file) void headOf(file).then((head) => preview.mutate({ head }));
            }}
          />
          <p id={`${id}-file-hint`} className="text-muted-foreground text-xs">
            {t("fileHint")}
          </p>
        </div>
        {preview.data ? <PreviewTable {...preview.data} /> : null}
        <datalist id={`${id}-headers`}>
          {preview.data?.headers.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <div className="grid gap-3 sm:grid-cols-2">
            {columnFields.map((f) => (
              <div key={f} className="flex min-w-0 flex-col gap-1.5">
                <Label htmlFor={`${id}-${f}`}>{t(`columns.${f}`)}</Label>
                <Input
                  id={`${id}-${f}`}
                  name={`col-${f}`}
                  required={required.has(f)}
                  maxLength={200}
                  list={`${id}-headers`}
                  placeholder={required.has(f) ? undefined : t("none")}
                  defaultValue={current?.columns?.[f] ?? ""}
                />
              </div>
            ))}
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-refundTypes`}>{t("refundTypes")}</Label>
            <Input
              id={`${id}-refundTypes`}
              name="refundTypes"
              defaultValue={current?.refundTypes?.join(", ") ?? ""}
              aria-describedby={`${id}-refundTypes-hint`}
            />
            <p id={`${id}-refundTypes-hint`} className="text-muted-foreground text-xs">
              {t("refundTypesHint")}
            </p>
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-currency`}>{t("currency")}</Label>
              <Input
                id={`${id}-currency`}
                name="currency"
                maxLength={3}
                defaultValue={current?.currency ?? settings.data?.defaultCurrency ?? "CNY"}
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-decimal`}>{t("decimal")}</Label>
              <NativeSelect id={`${id}-decimal`} name="decimal" defaultValue=".">
                <option value=".">{t("decimalDot")}</option>
                <option value=",">{t("decimalComma")}</option>
              </NativeSelect>
            </div>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-timeZone`}>{t("timeZone")}</Label>
            <TimeZonePicker
              id={`${id}-timeZone`}
              name="timeZone"
              defaultValue={timeZone ?? "Asia/Shanghai"}
            />
          </div>
          {error ? (
            <p role="alert" className="text-destructive text-sm">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {t("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The sample's headers and first rows, as the server read them. */
function PreviewTable({
  encoding,
  headers,
  rows,
}: {
  encoding: string;
  headers: string[];
  rows: string[][];
}) {
  const t = useTranslations("reconciliation.mapping");
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <p className="text-muted-foreground text-xs">
        {t("preview")} · {t("encoding", { encoding })}
      </p>
      <div className="max-w-full overflow-x-auto rounded-md border">
        <table className="text-xs">
          <thead className="bg-muted/50">
            <tr>
              {headers.map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="px-2 py-1 text-left font-medium whitespace-nowrap"
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 3).map((row, i) => (
              <tr key={i} className="border-t">
                {row.map((cell, j) => (
                  <td key={j} className="px-2 py-1 whitespace-nowrap">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
