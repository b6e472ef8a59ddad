"use client";

import { CheckCircle2Icon, FileUpIcon, TriangleAlertIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useRef, useState, type DragEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import {
  progressPercent,
  uploadStatement,
  type ImportError,
  type UploadState,
} from "../_lib/upload-progress";

interface Upload {
  key: string;
  file: File;
  methodId: string;
  state: UploadState;
}

/** A refusal that means "no known layout": the method's own column mapping can read the file. */
function isUnknownLayout(error: ImportError): boolean {
  return error.messageKey.replace(/^errors\./, "") === "statementUnknownLayout";
}

/**
 * Drop statement files here (or press to choose them): each file gets a row with a bar that
 * follows the upload, then the server's phases. Files are sent one after the other, so a big
 * import does not compete with the next one.
 */
export function StatementUpload({
  methodId,
  disabledReason,
  onImported,
  onUnknownLayout,
}: {
  methodId: string | null;
  /** Why nothing can be dropped yet (no method chosen). */
  disabledReason: string | null;
  onImported: () => void;
  onUnknownLayout: (methodId: string) => void;
}) {
  const t = useTranslations("reconciliation.upload");
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const queue = useRef(Promise.resolve());

  function add(files: FileList | null) {
    if (!files || !methodId) return;
    const added = [...files].map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      methodId,
      state: { step: "waiting" } as UploadState,
    }));
    setUploads((all) => [...added, ...all]);
    for (const upload of added) {
      queue.current = queue.current.then(async () => {
        const { done } = uploadStatement(upload.file, upload.methodId, (state) =>
          setUploads((all) => all.map((u) => (u.key === upload.key ? { ...u, state } : u))),
        );
        if ((await done).step === "done") onImported();
      });
    }
  }

  const disabled = methodId === null;
  return (
    <div className="flex flex-col gap-3">
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        onDragOver={(e: DragEvent) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer.files);
        }}
        aria-describedby={disabledReason ? "statement-drop-reason" : undefined}
        className={cn(
          "focus-visible:ring-ring/50 flex min-h-32 w-full flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed p-6 text-center outline-none focus-visible:ring-[3px]",
          over ? "border-primary bg-primary/5" : "border-border hover:bg-accent/40",
          disabled && "cursor-not-allowed opacity-60",
        )}
      >
        <FileUpIcon className="text-muted-foreground size-8" aria-hidden />
        <span className="font-medium">{t("drop")}</span>
        <span className="text-muted-foreground text-sm">{t("dropHint")}</span>
      </button>
      {disabledReason ? (
        <p id="statement-drop-reason" className="text-muted-foreground text-sm">
          {disabledReason}
        </p>
      ) : null}
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={t("choose")}
        accept=".csv,.txt,.zip,.gz,text/csv,application/zip"
        onChange={(e) => {
          add(e.target.files);
          e.target.value = "";
        }}
      />
      {uploads.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label={t("files")}>
          {uploads.map((u) => (
            <UploadRow key={u.key} upload={u} onUnknownLayout={onUnknownLayout} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadRow({
  upload,
  onUnknownLayout,
}: {
  upload: Upload;
  onUnknownLayout: (methodId: string) => void;
}) {
  const t = useTranslations("reconciliation.upload");
  const { state, file } = upload;
  const percent = progressPercent(state, file.size);
  const message = useImportErrorMessage();
  return (
    <li className="bg-card flex flex-col gap-2 rounded-lg border p-3" data-testid="upload-row">
      <div className="flex min-w-0 items-center gap-2 text-sm">
        {state.step === "done" ? (
          <CheckCircle2Icon className="size-4 shrink-0 text-emerald-600" aria-hidden />
        ) : state.step === "failed" ? (
          <TriangleAlertIcon className="text-destructive size-4 shrink-0" aria-hidden />
        ) : null}
        <span className="min-w-0 flex-1 truncate font-medium">{file.name}</span>
        <span className="text-muted-foreground shrink-0 tabular-nums" aria-live="polite">
          {state.step === "done"
            ? t("doneLines", { lines: state.lines })
            : state.step === "failed"
              ? t("failed")
              : "lines" in state && state.lines > 0
                ? t("phaseLines", { phase: t(`phase.${state.step}`), lines: state.lines })
                : t(`phase.${state.step}`)}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={t("progress", { file: file.name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="bg-muted h-2 overflow-hidden rounded-full"
      >
        <div
          className={cn(
            "h-full transition-[width]",
            state.step === "failed" ? "bg-destructive" : "bg-primary",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
      {state.step === "failed" ? (
        <div className="flex flex-wrap items-center gap-2">
          <p role="alert" className="text-destructive min-w-0 flex-1 text-sm">
            {message(state.error)}
          </p>
          {isUnknownLayout(state.error) ? (
            <Button size="sm" variant="outline" onClick={() => onUnknownLayout(upload.methodId)}>
              {t("mapColumns")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {state.step === "done" ? (
        <PlainLink
          href={`/reconciliation/statements/${state.statementId}`}
          className="text-primary w-fit text-sm underline-offset-4 hover:underline"
        >
          {t("open")}
        </PlainLink>
      ) : null}
    </li>
  );
}

/** The import's refusal in the user's language: its message key when we know it. */
function useImportErrorMessage() {
  const t = useTranslations("errors");
  const tUpload = useTranslations("reconciliation.upload");
  return (error: ImportError): string => {
    const key = error.messageKey.replace(/^errors\./, "");
    if (key && t.has(key)) return t(key, error.details ?? {});
    if (error.code === "NETWORK") return tUpload("network");
    return error.message || t("internal");
  };
}
