import { createHash } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { statementLines, statements } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidAt } from "@/test/statement-import";
import { utf8 } from "@/test/statements/statement-bytes";
import { buildWechatBill } from "@/test/statements/wechat-bill";
import type { Context, SessionUser } from "@/server/trpc/init";
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
    // The clock stands still, so progress is throttled by lines alone: a busy machine, with
    // more than 250 ms between batches, would otherwise send a line per batch.
    vi.useFakeTimers({ toFake: ["Date"] });
    const lines = await post(
      seed.people.manager,
      `methodId=${seed.sandbox.id}&fileName=wechat.csv`,
      bill(rows),
    )
      .then(events)
      .finally(() => vi.useRealTimers());
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ done: true });
    const phases = lines.slice(0, -1).map((l) => l.phase);
    expect(phases[0]).toBe("reading");
    expect(phases.at(-1)).toBe("matching");
    // Throttled: one progress line per 5,000 lines read, not one per batch (49 of them).
    expect(lines.filter((l) => l.phase === "reading").length).toBeLessThanOrEqual(4);
    const stored = await db
      .select()
      .from(statementLines)
      .where(eq(statementLines.statementId, last.statementId as string));
    expect(stored).toHaveLength(12_001);
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it("keeps the digest taken while spooling, and refuses the same file brought again", async () => {
    const paid = await paidAt(db, seed, 1800n, new Date("2026-06-02T10:00:00+08:00"));
    const body = bill([
      {
        time: "2026-06-02 10:00:00",
        txnId: paid.attempt.providerTxnId,
        merchantRef: paid.attempt.token,
        amount: "18.00",
      },
    ]);
    const query = `methodId=${seed.sandbox.id}&fileName=again.csv`;
    const first = (await events(await post(seed.people.manager, query, body))).at(-1)!;
    expect(first).toMatchObject({ done: true });
    const [row] = await db
      .select({ fileSha256: statements.fileSha256, byteSize: statements.byteSize })
      .from(statements)
      .where(eq(statements.id, first.statementId as string));
    expect(row).toEqual({
      fileSha256: createHash("sha256").update(body).digest("hex"),
      byteSize: body.byteLength,
    });
    const again = await events(await post(seed.people.manager, query, body));
    expect(again).toEqual([
      {
        error: expect.objectContaining({
          code: "CONFLICT",
          messageKey: "statementAlreadyImported",
        }) as unknown,
      },
    ]);
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
    // The membership read with the session is the one acted on: not read again.
    const carried = (membership: Context["membership"]) =>
      uploadStatementResponse(
        { ...contextFor(db, seed.people.manager), membership },
        new Request(`http://hexiao.test/api/statements?${query}`, { method: "POST", body }),
        { tmpDir },
      );
    expect((await carried(null)).status).toBe(403);
    const asStaff = { merchantId: seed.merchant.id, merchantName: "", role: "staff" as const };
    expect((await carried({ ...asStaff, twoFactorRequired: false })).status).toBe(403);
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

  // The console's other changes (tRPC) are refused from another site's page; this one rode on
  // the session cookie of a page on the same site (another port of the shop's machine).
  it("refuses an upload sent from another site's page with 403, importing nothing", async () => {
    const before = await db.select().from(statements);
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "http://hexiao.test:8080" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const res = await uploadStatementResponse(
        contextFor(db, seed.people.manager),
        new Request(
          `http://hexiao.test/api/statements?methodId=${seed.sandbox.id}&fileName=x.csv`,
          {
            method: "POST",
            body: bill([]),
            headers: { host: "hexiao.test", "accept-language": "en", ...headers },
          },
        ),
        { tmpDir },
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toBe(
        "This change was sent from another site's page and was refused. Open Hexiao itself and try again.",
      );
    }
    expect(await db.select().from(statements)).toEqual(before);
    expect(await readdir(tmpDir)).toEqual([]);
  });
});
