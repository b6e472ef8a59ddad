import { uploadWithEvents } from "@/app/_lib/ndjson-upload";

/**
 * The upload route (`POST /api/statements`) answers in NDJSON, one event per line, written as
 * the import goes: the phases, then `done` or an `error`. The browser hands the response over
 * in pieces (app/_lib/ndjson-upload.ts); these functions turn them into a file's state.
 */

export type ImportPhase = "reading" | "matching";

export interface ImportError {
  code: string;
  messageKey: string;
  message: string;
  details?: Record<string, string | number>;
}

export type ImportEvent =
  | { phase: ImportPhase; bytes?: number; lines?: number }
  | { done: true; statementId: string }
  | { error: ImportError };

/** Where one file stands, as shown in its row. */
export type UploadState =
  | { step: "waiting" }
  | { step: "uploading"; sent: number }
  | { step: ImportPhase; bytes: number; lines: number }
  | { step: "done"; statementId: string; lines: number }
  | { step: "failed"; error: ImportError };

/** The state after an event of the response. */
export function applyEvent(state: UploadState, event: ImportEvent): UploadState {
  const lines = "lines" in state ? state.lines : 0;
  if ("error" in event) return { step: "failed", error: event.error };
  if ("done" in event) return { step: "done", statementId: event.statementId, lines };
  return {
    step: event.phase,
    bytes: event.bytes ?? ("bytes" in state ? state.bytes : 0),
    lines: event.lines ?? lines,
  };
}

/**
 * How far along the bar is, 0–100. Sending the file is the first third (the server hashes it as
 * it arrives); the server then reads it (by bytes of the file) and matches it in one transaction
 * (no measure: the bar waits near the end until `done`).
 */
export function progressPercent(state: UploadState, size: number): number {
  const part = (done: number) => (size > 0 ? Math.min(1, done / size) : 1);
  switch (state.step) {
    case "waiting":
      return 0;
    case "uploading":
      return Math.round(30 * part(state.sent));
    case "reading":
      return 30 + Math.round(60 * part(state.bytes));
    case "matching":
      return 95;
    case "done":
    case "failed":
      return 100;
  }
}

/** The error of a response that is not NDJSON (refused before the import began: a 403, a 413). */
export function httpError(status: number, text: string): ImportError {
  return {
    code: status === 403 ? "FORBIDDEN" : "HTTP",
    messageKey: status === 403 ? "roleForbidden" : "",
    message: text.trim() || `HTTP ${status}`,
  };
}

/**
 * Sends one file and reports its state as it changes. Resolves when the import ended (done or
 * failed); never rejects, so several files can be sent one after the other.
 */
export function uploadStatement(
  file: File,
  methodId: string,
  onState: (state: UploadState) => void,
): { done: Promise<UploadState>; abort: () => void } {
  let state: UploadState = { step: "uploading", sent: 0 };
  const set = (next: UploadState) => {
    state = next;
    onState(next);
  };
  onState(state);
  const params = new URLSearchParams({ methodId, fileName: file.name });
  const upload = uploadWithEvents<ImportEvent>(
    `/api/statements?${params}`,
    file,
    {},
    {
      onSent: (sent) => set({ step: "uploading", sent }),
      onEvent: (event) => set(applyEvent(state, event)),
      onRefused: (status, text) => set({ step: "failed", error: httpError(status, text) }),
      onNetworkError: () =>
        set({ step: "failed", error: { code: "NETWORK", messageKey: "network", message: "" } }),
    },
  );
  const done = upload.done.then(() => {
    // An answer that ended before its last word (the server stopped) failed.
    if (state.step !== "done" && state.step !== "failed") {
      set({ step: "failed", error: httpError(0, "") });
    }
    return state;
  });
  return { done, abort: upload.abort };
}
