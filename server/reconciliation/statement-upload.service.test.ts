import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { statementLines } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidAt } from "@/test/statement-import";
import { utf8 } from "@/test/statements/statement-bytes";
import { buildWechatBill } from "@/test/statements/wechat-bill";
import type { SessionUser } from "@/server/trpc/init";
import { uploadStatementResponse, type UploadOptions } from "./statement-upload.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;
let tmpDir: string;

beforeAll(async () => {
  seed = await seedPayments(db, "Upload");
  other = await seedPayments(db, "Other");
  tmpDir = await mkdtemp(path.join(tmpdir(), "upload-test-"));
});

function post(
  user: SessionUser | null,
  query: string,
  body: Uint8Array | null,
  options: UploadOptions = {},
) {
  const req = new Request(`http://hexiao.test/api/statements?${query}`, {
    method: "POST",
    body: body as BodyInit | null,
    headers: { "accept-language": "en" },
  });
  return uploadStatementResponse(contextFor(db, user), req, { tmpDir, ...options });
}

/** The NDJSON answer, one object per line. */
async function events(res: Response): Promise<Record<string, unknown>[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
  const text = await res.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const bill = (rows: Parameters<typeof buildWechatBill>[0]) => utf8(buildWechatBill(rows));

describe(`the statement upload route (${engine})`, () => {
  it("imports the body, streams its progress, ends with the statement, and leaves no temp file", async () => {
    const paid = await paidAt(db, seed, 2500n, new Date("2026-06-01T10:00:00+08:00"));
    const rows = [
      {
        time: "2026-06-01 10:00:00",
        txnId: paid.attempt.providerTxnId,
        merchantRef: paid.attempt.token,
        amount: "25.00",
        fee: "0.15000",
      },
      ...Array.from({ length: 12_000 }, (_, i) => ({
        time: "2026-06-01 11:00:00",
        txnId: `42000000000${String(i).padStart(8, "0")}`,
        merchantRef: `REF-${i}`,
        amount: "0.01",
      })),
    ];
    const res = await post(
      seed.people.manager,
      `methodId=${seed.sandbox.id}&fileName=wechat.csv`,
      bill(rows),
    );
    const lines = await events(res);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ done: true });
    const phases = lines.slice(0, -1).map((l) => l.phase);
    expect(phases[0]).toBe("hashing");
    expect(phases).toContain("reading");
    expect(phases.at(-1)).toBe("matching");
    // Throttled: far fewer progress lines than batches of lines read.
    expect(lines.filter((l) => l.phase === "reading").length).toBeLessThanOrEqual(13);
    const stored = await db
      .select()
      .from(statementLines)
      .where(eq(statementLines.statementId, last.statementId as string));
    expect(stored).toHaveLength(12_001);
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it("answers the import's refusal as the stream's last line, in the user's language", async () => {
    const res = await post(
      { ...seed.people.owner, locale: "zh-CN" },
      `methodId=${other.sandbox.id}&fileName=x.csv`,
      bill([{ time: "2026-06-01 10:00:00", txnId: "1", merchantRef: "2", amount: "1.00" }]),
    );
    expect(await events(res)).toEqual([
      {
        error: {
          code: "NOT_FOUND",
          messageKey: "methodNotFound",
          message: "该支付方式不存在。",
          details: null,
        },
      },
    ]);
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it("answers 401, 403, 400 before reading the file, and refuses a body over the cap", async () => {
    const query = `methodId=${seed.sandbox.id}&fileName=x.csv`;
    const body = utf8("a,b\r\n1,2\r\n");
    expect((await post(null, query, body)).status).toBe(401);
    for (const role of ["staff", "analyst"] as const) {
      const res = await post(seed.people[role], query, body);
      expect(res.status, role).toBe(403);
      expect(await res.text()).toBe("Your role may not do this.");
    }
    expect((await post(seed.people.manager, "methodId=nope&fileName=x.csv", body)).status).toBe(
      400,
    );
    expect((await post(seed.people.manager, query, null)).status).toBe(400);
    const big = await post(seed.people.manager, query, new Uint8Array(3 * 1024 * 1024), {
      maxBytes: 2 * 1024 * 1024,
    });
    expect(big.status).toBe(400);
    expect(await big.text()).toBe(
      "This file is larger than 2 MB. Import the statement of one day at a time.",
    );
    expect(await readdir(tmpDir)).toEqual([]);
  });
});
