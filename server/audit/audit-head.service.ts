import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, merchants } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { HeadStore } from "./audit-key";
import {
  compareWithHead,
  signHead,
  type AuditKey,
  type ChainCheck,
  type HeadComparison,
  type SignedChainHead,
} from "./audit.logic";
import { chainOf } from "./audit-chainer.service";
import { checkAuditChain } from "./audit.service";

/*
 * The chains' heads, exported outside the database (AUDIT_HEAD_DIR): one signed file per chain,
 * replaced at each export. Someone who can delete the newest rows of the database cannot also
 * move this file back, so the check sees rows that were deleted after the last export.
 */

function headFile(dir: string, merchantId: string | null) {
  return path.join(dir, `${merchantId ?? "system"}.json`);
}

export async function readExportedHead(
  dir: string,
  merchantId: string | null,
): Promise<SignedChainHead | null> {
  let text: string;
  try {
    text = await readFile(headFile(dir, merchantId), "utf8");
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as SignedChainHead;
  } catch {
    // An unreadable head is reported like a forged one: its signature cannot hold.
    return { merchantId, seq: 0, hash: null, exportedAt: "", keyId: "", signature: "" };
  }
}

/** The chain's newest row, signed as a head at `at`. */
export async function currentHead(
  db: DbOrTx,
  merchantId: string | null,
  key: AuditKey,
  at = new Date(),
): Promise<SignedChainHead> {
  const [last] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(chainOf(merchantId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return signHead({ merchantId, seq: last?.seq ?? 0, hash: last?.hash ?? null }, key, at);
}

/** The database's chain against an exported head: is the head's row still there, unchanged? */
async function compareStored(
  db: DbOrTx,
  head: SignedChainHead,
  key: AuditKey,
): Promise<HeadComparison> {
  const [row] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(chainOf(head.merchantId), eq(auditLog.seq, head.seq)));
  return compareWithHead(row, head, key);
}

/**
 * Writes the chain's head over the last export, unless the database no longer agrees with that
 * export: then the old head is kept (it is the evidence) and the disagreement is returned.
 */
export async function exportAuditHead(
  db: DbOrTx,
  merchantId: string | null,
  store: HeadStore,
  at = new Date(),
): Promise<{ head: SignedChainHead; previous: HeadComparison | null }> {
  const before = await readExportedHead(store.dir, merchantId);
  const previous = before ? await compareStored(db, before, store.key) : null;
  const head = await currentHead(db, merchantId, store.key, at);
  if (previous && previous.kind !== "matches") return { head, previous };
  await mkdir(store.dir, { recursive: true });
  const file = headFile(store.dir, merchantId);
  // Written beside and renamed over: a reader never sees half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(head, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
  return { head, previous };
}

/**
 * The periodic export: every shop's chain and the system's. A chain that no longer matches its
 * last export is named in the error, so the job's run is recorded as failed with the reason.
 */
export async function exportAllAuditHeads(db: DbOrTx, store: HeadStore, at = new Date()) {
  const shops = await db.select({ id: merchants.id }).from(merchants);
  const mismatched: string[] = [];
  for (const merchantId of [...shops.map((s) => s.id), null]) {
    const { previous } = await exportAuditHead(db, merchantId, store, at);
    if (previous && previous.kind !== "matches") mismatched.push(merchantId ?? "system");
  }
  if (mismatched.length > 0) {
    throw new Error(`audit log no longer matches its exported head: ${mismatched.join(", ")}`);
  }
  return shops.length + 1;
}

export interface AuditVerification {
  chain: ChainCheck;
  /** The last exported head and how the database compares with it; null when none was exported. */
  head: { exportedAt: string; seq: number; comparison: HeadComparison } | null;
}

/** The owner's "verify the chain": every row re-hashed, then the database against the exported head. */
export async function verifyAuditLog(
  db: DbOrTx,
  merchantId: string,
  store: HeadStore,
): Promise<AuditVerification> {
  const chain = await checkAuditChain(db, merchantId, store.key);
  const exported = await readExportedHead(store.dir, merchantId);
  if (!exported) return { chain, head: null };
  return {
    chain,
    head: {
      exportedAt: exported.exportedAt,
      seq: exported.seq,
      comparison: await compareStored(db, exported, store.key),
    },
  };
}
