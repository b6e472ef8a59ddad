import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/app/_i18n/messages/en/audit.json";
import zh from "@/app/_i18n/messages/zh-CN/audit.json";

const root = path.resolve(import.meta.dirname, "../../../../..");

/** Every source file of the server but its tests. */
function serverFiles(dir = path.join(root, "server")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return serverFiles(p);
    return e.name.endsWith(".ts") && !e.name.includes(".test.") ? [p] : [];
  });
}

/**
 * The actions the server writes to the audit log: those named where the entry is written
 * (`action: "store.update"`), and those the state machines pick for a move (a `return` or a
 * table value in payments/*-transition.service.ts).
 */
function writtenActions(): Set<string> {
  const actions = new Set<string>();
  for (const file of serverFiles()) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/action:\s*"([a-z_]+(?:\.[a-z_]+)+)"/g)) actions.add(m[1]!);
    if (/-transition\.service\.ts$/.test(file)) {
      for (const m of source.matchAll(/(?:return|:)\s*"((?:attempt|order|refund)\.[a-z_]+)"/g)) {
        actions.add(m[1]!);
      }
    }
  }
  return actions;
}

describe("audit log action names", () => {
  const actions = writtenActions();

  it("finds the actions the server writes", () => {
    for (const known of ["order.paid", "attempt.succeed", "refund.approve", "store.update"]) {
      expect(actions).toContain(known);
    }
  });

  it("names every action in both languages, never showing its code", () => {
    const key = (action: string) => action.replace(/\./g, "_");
    const unnamed = (labels: Record<string, string>) =>
      [...actions].filter((a) => !(key(a) in labels)).sort();
    expect(unnamed(en.audit.actions)).toEqual([]);
    expect(unnamed(zh.audit.actions)).toEqual([]);
  });
});
