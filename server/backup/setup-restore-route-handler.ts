import "server-only";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { env } from "@/env";
import { getAuditKey } from "@/server/audit/audit-key";
import { getSecrets } from "@/server/config/secrets";
import { getDatabase } from "@/server/database";
import { DomainError } from "@/server/errors";
import { tempName } from "@/server/housekeeping/temp-files";
import { domainErrorResponse, domainErrorText } from "@/server/http/domain-error-response";
import { requestLocale, translatorFor, type Translate } from "@/server/http/locale";
import { requestMeta } from "@/server/http/request-meta";
import { withBackgroundJobsPaused } from "@/server/runtime";
import { setupTokenFor } from "@/server/setup/setup.logic";
import { BackupRefused } from "./backup-refused";
import { checkSetupRestoreAllowed, restoreOnSetup } from "./setup-restore.service";

/** One restore at a time per process (the embedded database has one process). */
let restoring = false;

/** A header's text, sent percent-encoded by the page (a passphrase may be Chinese). */
function header(req: Request, name: string): string {
  try {
    return decodeURIComponent(req.headers.get(name) ?? "");
  } catch {
    return "";
  }
}

/**
 * `POST /api/setup/restore`: the guarded restore of the setup screen. The body is the backup
 * file itself; `x-setup-token` and `x-backup-passphrase` come beside it. The token, the engine
 * and the empty install are checked before a byte of the file is stored. The file goes to a
 * temporary file in the data folder (a restore reads it more than once), then the answer
 * streams one JSON line per step (`progress`, then `done` or `error`), so that the page can
 * show a progress bar through a long load.
 */
export async function setupRestoreRouteHandler(req: Request): Promise<Response> {
  const locale = requestLocale(req.headers, null, null);
  const token = header(req, "x-setup-token");
  const passphrase = header(req, "x-backup-passphrase") || undefined;
  const expectedToken = setupTokenFor(getSecrets().authSecret);
  const upload = path.join(env.DATA_DIR, `${tempName("restore")}${randomBytes(8).toString("hex")}`);
  if (restoring) {
    const busy = new DomainError("CONFLICT", "restoreRunning", "A restore is already running");
    return domainErrorResponse(busy, locale);
  }
  restoring = true;
  try {
    const open = await getDatabase();
    await checkSetupRestoreAllowed(open, token, expectedToken);
    if (!req.body) throw new DomainError("VALIDATION", "restoreNoFile", "No backup file was sent");
    await mkdir(env.DATA_DIR, { recursive: true });
    await pipeline(
      Readable.fromWeb(req.body as WebReadableStream<Uint8Array>),
      createWriteStream(upload, { mode: 0o600 }),
    );
  } catch (err) {
    restoring = false;
    await rm(upload, { force: true });
    return domainErrorResponse(err, locale);
  }

  const t = translatorFor(locale);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const open = await getDatabase();
        const report = await withBackgroundJobsPaused(() =>
          restoreOnSetup(open, () => createReadStream(upload), {
            token,
            expectedToken,
            passphrase,
            encryptionKey: getSecrets().encryptionKey,
            auditKeyId: getAuditKey().id,
            actor: { userId: null, ...requestMeta(req.headers) },
            onProgress: (event) => send({ type: "progress", ...event }),
          }),
        );
        send({
          type: "done",
          backedUpAt: report.manifest.createdAt,
          productVersion: report.manifest.productVersion,
          engine: report.manifest.engine,
          tables: report.tables.map((table) => ({ name: table.name, rows: table.rows })),
          credentialsUnreadable: report.credentialsUnreadable,
          twoFactorPeople: report.twoFactorPeople,
          auditKeyDiffers: report.auditKeyDiffers,
        });
      } catch (err) {
        send({ type: "error", message: refusalText(err, t) });
      } finally {
        restoring = false;
        await rm(upload, { force: true });
        controller.close();
      }
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "content-language": locale,
    },
  });
}

/** Why the restore did not happen, in the user's language. */
function refusalText(err: unknown, t: Translate): string {
  if (err instanceof BackupRefused) {
    const key = `setupRestore.refused.${err.reason}`;
    return t.has(key) ? t(key) : err.message;
  }
  if (err instanceof DomainError) return domainErrorText(err, t);
  console.error("restore from the setup screen failed:", err);
  return t("errors.internal");
}
