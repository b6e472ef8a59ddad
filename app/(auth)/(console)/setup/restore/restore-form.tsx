"use client";

import { CheckCircle2Icon, FileUpIcon, TriangleAlertIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { uploadWithEvents } from "@/app/_lib/ndjson-upload";
import { useHydrated } from "@/app/_lib/use-hydrated";

/** What `POST /api/setup/restore` writes, one line per step (server/backup/setup-restore-route-handler.ts). */
type RestoreEvent =
  | {
      type: "progress";
      step: "checked" | "loading" | "verified" | "migrated";
      rows: number;
      of: number;
    }
  | {
      type: "done";
      backedUpAt: string;
      productVersion: string;
      engine: string;
      tables: { name: string; rows: number }[];
      credentialsUnreadable: number;
      twoFactorPeople: number;
      auditKeyDiffers: boolean;
    }
  | { type: "error"; message: string };

type Phase =
  | { step: "idle" }
  | { step: "uploading"; sent: number }
  | { step: "checking" }
  | { step: "loading"; rows: number; of: number }
  | { step: "finishing" }
  | { step: "done"; result: Extract<RestoreEvent, { type: "done" }> }
  | { step: "failed"; message: string };

/** The bar: sending is the first fifth, checking the file the next, loading the rest. */
function percentOf(phase: Phase, size: number): number {
  switch (phase.step) {
    case "idle":
      return 0;
    case "uploading":
      return Math.round(20 * (size > 0 ? Math.min(1, phase.sent / size) : 1));
    case "checking":
      return 25;
    case "loading":
      return 30 + Math.round(65 * (phase.of > 0 ? phase.rows / phase.of : 1));
    case "finishing":
      return 97;
    case "done":
    case "failed":
      return 100;
  }
}

/** Choose (or drop) a backup file, give the token and its passphrase, watch it load. */
export function RestoreForm() {
  const t = useTranslations("setupRestore");
  const format = useFormatter();
  const input = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();
  const [file, setFile] = useState<File | null>(null);
  const [over, setOver] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const busy = !["idle", "done", "failed"].includes(phase.step);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) {
      setPhase({ step: "failed", message: t("noFile") });
      return;
    }
    const form = new FormData(e.currentTarget);
    const headers: Record<string, string> = {
      "x-setup-token": encodeURIComponent(String(form.get("token") ?? "")),
    };
    const passphrase = String(form.get("passphrase") ?? "");
    if (passphrase) headers["x-backup-passphrase"] = encodeURIComponent(passphrase);
    let last: Phase = { step: "uploading", sent: 0 };
    const set = (next: Phase) => {
      last = next;
      setPhase(next);
    };
    set(last);
    const { done } = uploadWithEvents<RestoreEvent>("/api/setup/restore", file, headers, {
      onSent: (sent) => set(sent >= file.size ? { step: "checking" } : { step: "uploading", sent }),
      onEvent: (event) => {
        if (event.type === "error") set({ step: "failed", message: event.message });
        else if (event.type === "done") set({ step: "done", result: event });
        else if (event.step === "loading" || event.step === "checked") {
          set({ step: "loading", rows: event.rows, of: event.of });
        } else set({ step: "finishing" });
      },
      onRefused: (status, text) =>
        set({ step: "failed", message: text.trim() || t("httpError", { status }) }),
      onNetworkError: () => set({ step: "failed", message: t("network") }),
    });
    void done.then(() => {
      if (last.step !== "done" && last.step !== "failed") {
        set({ step: "failed", message: t("network") });
      }
    });
  }

  if (phase.step === "done") return <Restored result={phase.result} />;

  const percent = percentOf(phase, file?.size ?? 0);
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5">
      <Field id="token" label={t("token")} hint={t("tokenHint")}>
        <Input
          id="token"
          name="token"
          required
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          disabled={busy}
        />
      </Field>

      <div className="flex flex-col gap-2">
        <span className="text-sm font-medium" id="backup-file-label">
          {t("file")}
        </span>
        <button
          type="button"
          disabled={busy}
          aria-labelledby="backup-file-label"
          aria-describedby="backup-file-chosen"
          onClick={() => input.current?.click()}
          onDragOver={(e: DragEvent) => {
            e.preventDefault();
            if (!busy) setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e: DragEvent) => {
            e.preventDefault();
            setOver(false);
            if (!busy && e.dataTransfer.files[0]) setFile(e.dataTransfer.files[0]);
          }}
          className={cn(
            "focus-visible:ring-ring/50 flex min-h-28 w-full flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed p-5 text-center outline-none focus-visible:ring-[3px]",
            over ? "border-primary bg-primary/5" : "border-border hover:bg-accent/40",
            busy && "cursor-not-allowed opacity-60",
          )}
        >
          <FileUpIcon className="text-muted-foreground size-7" aria-hidden />
          <span className="font-medium">{t("drop")}</span>
          <span
            id="backup-file-chosen"
            className="text-muted-foreground text-sm [overflow-wrap:anywhere]"
          >
            {file
              ? t("chosen", {
                  name: file.name,
                  size: format.number(file.size / 1e6, { maximumFractionDigits: 1 }),
                })
              : t("dropHint")}
          </span>
        </button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label={t("file")}
          data-testid="backup-file"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            e.target.value = "";
          }}
        />
      </div>

      <Field id="passphrase" label={t("passphrase")} hint={t("passphraseHint")}>
        <Input
          id="passphrase"
          name="passphrase"
          type="password"
          autoComplete="off"
          disabled={busy}
        />
      </Field>

      <p className="text-muted-foreground text-sm">{t("secrets")}</p>

      {phase.step !== "idle" ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm tabular-nums" aria-live="polite">
            {phase.step === "uploading"
              ? t("phase.uploading")
              : phase.step === "checking"
                ? t("phase.checking")
                : phase.step === "loading"
                  ? t("phase.loading", {
                      rows: format.number(phase.rows),
                      of: format.number(phase.of),
                    })
                  : phase.step === "finishing"
                    ? t("phase.finishing")
                    : t("phase.failed")}
          </p>
          <div
            role="progressbar"
            aria-label={t("progress")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="bg-muted h-2 overflow-hidden rounded-full"
          >
            <div
              className={cn(
                "h-full transition-[width]",
                phase.step === "failed" ? "bg-destructive" : "bg-primary",
              )}
              style={{ width: `${percent}%` }}
            />
          </div>
        </div>
      ) : null}

      {phase.step === "failed" ? (
        <p
          role="alert"
          className="bg-destructive/10 text-destructive flex gap-2 rounded-md px-3 py-2 text-sm"
        >
          <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{phase.message}</span>
        </p>
      ) : null}

      <Button type="submit" disabled={!hydrated || busy} className="self-start">
        {busy ? t("restoring") : t("submit")}
      </Button>
    </form>
  );
}

/** What came back, verified, and what the owner still has to do. */
function Restored({ result }: { result: Extract<RestoreEvent, { type: "done" }> }) {
  const t = useTranslations("setupRestore");
  const format = useFormatter();
  const rows = result.tables.reduce((n, table) => n + table.rows, 0);
  const filled = result.tables.filter((table) => table.rows > 0);
  return (
    <div className="flex flex-col gap-4" data-testid="restore-done">
      <p className="flex items-center gap-2 font-medium">
        <CheckCircle2Icon className="size-5 shrink-0 text-emerald-600" aria-hidden />
        {t("done.heading")}
      </p>
      <p className="text-sm">
        {t("done.summary", {
          tables: result.tables.length,
          rows: format.number(rows),
          when: format.dateTime(new Date(result.backedUpAt), {
            dateStyle: "medium",
            timeStyle: "short",
          }),
          version: result.productVersion,
          engine: t(`engine.${result.engine === "postgres" ? "postgres" : "pglite"}`),
        })}
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer">{t("done.tables")}</summary>
        <table className="mt-2 w-full text-left tabular-nums">
          <thead>
            <tr className="text-muted-foreground">
              <th className="py-1 font-normal">{t("done.table")}</th>
              <th className="py-1 text-right font-normal">{t("done.rows")}</th>
            </tr>
          </thead>
          <tbody>
            {filled.map((table) => (
              <tr key={table.name} className="border-t">
                <td className="py-1 font-mono text-xs break-all">{table.name}</td>
                <td className="py-1 text-right">{format.number(table.rows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {result.credentialsUnreadable > 0 ? (
        <p role="alert" className="rounded-md bg-amber-500/10 px-3 py-2 text-sm">
          {t("done.credentialsUnreadable", { count: result.credentialsUnreadable })}
        </p>
      ) : null}
      {result.auditKeyDiffers ? (
        <p role="alert" className="rounded-md bg-amber-500/10 px-3 py-2 text-sm">
          {t("done.auditKeyDiffers")}
        </p>
      ) : null}
      {result.twoFactorPeople > 0 ? (
        <p className="text-muted-foreground text-sm">
          {t("done.twoFactor", { count: result.twoFactorPeople })}
        </p>
      ) : null}
      <PlainLink href="/sign-in" className={cn(buttonVariants({ className: "self-start" }))}>
        {t("done.signIn")}
      </PlainLink>
    </div>
  );
}
