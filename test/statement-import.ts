import { expect } from "vitest";
import type { Db } from "@/db/types";
import { DomainError } from "@/server/errors";
import type { StatementLine, StatementReader } from "@/server/reconciliation/parsers/types";
import type { OpenReader } from "@/server/reconciliation/statement-import.service";
import { statementInMemory, type StatementSource } from "@/server/reconciliation/statement-source";
import { notify, payableOrder, type PaymentsSeed } from "./payments";

/** A line as a test writes it: what it is about, the rest defaulted. */
export type TestLine = Partial<StatementLine> & { amountMinor: bigint; broken?: boolean };

/**
 * A statement file in a test-only layout (JSON: the period and the lines), so the import and
 * matching are tested apart from the real formats: its bytes are hashed like any file's, and
 * `jsonStatementReader` reads them back. A line with `broken` makes the reader throw there,
 * as a parser does on a file cut in the middle.
 */
export function statementFile(
  lines: TestLine[],
  period: { from: Date; to: Date } | null = null,
  tag = "",
): Uint8Array {
  const text = JSON.stringify({ tag, period, lines }, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v,
  );
  return new TextEncoder().encode(text);
}

/** The file as the import takes it: its digest, and its bytes in small chunks (as a file reads). */
export function sourceOf(bytes: Uint8Array, size = 64): StatementSource {
  return {
    ...statementInMemory(bytes),
    open: async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

function revive(_k: string, v: unknown) {
  return typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v;
}

export const jsonStatementReader: OpenReader = async (source, options) => {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    bytes += chunk.byteLength;
    options.onProgress?.(bytes);
  }
  const file = JSON.parse(Buffer.concat(parts).toString("utf8"), revive) as {
    period: { from: string; to: string } | null;
    lines: TestLine[];
  };
  const lines = file.lines.map((l, i): StatementLine => ({
    lineNo: i + 1,
    kind: "payment",
    providerTxnId: null,
    merchantRef: null,
    providerRefundId: null,
    merchantRefundRef: null,
    currency: "CNY",
    feeMinor: 0n,
    providerStatus: "SUCCESS",
    raw: `line ${i + 1}`,
    ...l,
    occurredAt: new Date(l.occurredAt ?? Date.now()),
  }));
  const sum = (kind: string, pick: (l: StatementLine) => bigint) =>
    lines.filter((l) => l.kind === kind).reduce((s, l) => s + pick(l), 0n);
  const reader: StatementReader = {
    format: "wechat_trade",
    encoding: "utf-8",
    lines: (async function* () {
      for (const [i, line] of lines.entries()) {
        if (file.lines[i]!.broken) {
          throw new DomainError("VALIDATION", "statementTruncated", "The file ends early", {
            line: line.lineNo,
          });
        }
        yield line;
      }
    })(),
    summary: () => ({
      period: file.period
        ? { from: new Date(file.period.from), to: new Date(file.period.to) }
        : null,
      currency: "CNY",
      declared: null,
      counted: {
        lineCount: lines.length,
        paymentsMinor: sum("payment", (l) => l.amountMinor),
        refundsMinor: sum("refund", (l) => l.amountMinor),
        feesMinor: lines.reduce((s, l) => s + l.feeMinor, 0n),
      },
    }),
    close: () => Promise.resolve(),
  };
  return reader;
};

/** An order paid through the sandbox wallet, its success dated `at` (the provider's time). */
export async function paidAt(db: Db, seed: PaymentsSeed, amountMinor: bigint, at = new Date()) {
  const { order, attempt } = await payableOrder(db, seed, amountMinor);
  const { event, response } = await notify(db, seed.sandbox.id, attempt, { occurredAt: at });
  expect(response.status).toBe(200);
  return { order, attempt: { ...attempt, providerTxnId: event.providerTxnId! } };
}
