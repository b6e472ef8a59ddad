import { describe, expect, it } from "vitest";
import { applyEvent, progressPercent, type ImportEvent, type UploadState } from "./upload-progress";

function replay(events: ImportEvent[]): UploadState {
  return events.reduce<UploadState>(applyEvent, { step: "uploading", sent: 0 });
}

describe("the upload's NDJSON progress", () => {
  it("keeps the line count through matching into done", () => {
    const state = replay([
      { phase: "reading", bytes: 50, lines: 40 },
      { phase: "matching" },
      { done: true, statementId: "s1" },
    ]);
    expect(state).toEqual({ step: "done", statementId: "s1", lines: 40 });
  });

  it("ends failed on an error event", () => {
    const error = { code: "CONFLICT", messageKey: "statementAlreadyImported", message: "x" };
    expect(replay([{ phase: "reading" }, { error }])).toEqual({ step: "failed", error });
  });

  it("moves the bar forward through the phases and fills it at the end", () => {
    const size = 1000;
    const steps: UploadState[] = [
      { step: "waiting" },
      { step: "uploading", sent: 500 },
      { step: "uploading", sent: 1000 },
      { step: "reading", bytes: 0, lines: 0 },
      { step: "reading", bytes: 500, lines: 10 },
      { step: "reading", bytes: 1000, lines: 20 },
      { step: "matching", bytes: 1000, lines: 20 },
      { step: "done", statementId: "s", lines: 20 },
    ];
    const percents = steps.map((s) => progressPercent(s, size));
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
    expect(progressPercent({ step: "reading", bytes: 5000, lines: 0 }, size)).toBe(90);
  });
});
