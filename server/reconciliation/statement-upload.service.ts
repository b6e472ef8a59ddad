import { rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Locale } from "@/app/_i18n/config";
import { reconciles } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { makeTempFolder } from "@/server/housekeeping/temp-files";
import { domainErrorResponse } from "@/server/http/domain-error-response";
import { requestLocale, translatorFor } from "@/server/http/locale";
import { isForeignRequest } from "@/server/http/same-origin.logic";
import { actingMembership, type MembershipRequest } from "@/server/team/membership.service";
import type { Context } from "@/server/trpc/init";
import { importStatement, type ImportProgress } from "./statement-import.service";
import { spoolStatement } from "./statement-source";

/** What the upload needs of the request's context (the session as the route read it). */
export type UploadContext = Pick<Context, "db" | "user" | "meta"> & MembershipRequest;

export interface UploadOptions {
  /** Larger bodies are refused (a month of a busy shop's WeChat bill is ~100 MB). */
  maxBytes?: number;
  /** Where the body is spooled while it is imported (the system's temp folder by default). */
  tmpDir?: string;
  /** The public origin (APP_URL), accepted as well as the Host the request came by. */
  appUrl?: string;
}

const defaultMaxBytes = 200 * 1024 * 1024;
/** Progress is sent at most this often, or every this many lines, whichever comes first. */
const progressEveryMs = 250;
const progressEveryLines = 5_000;

const uploadQuery = z.object({
  methodId: z.uuid(),
  fileName: z.string().trim().min(1).max(255),
});

/** An error as the NDJSON stream's last line: the message in the user's language. */
function errorLine(err: unknown, locale: Locale) {
  const t = translatorFor(locale);
  if (err instanceof DomainError) {
    const key = `errors.${err.messageKey}`;
    return {
      error: {
        code: err.code,
        messageKey: err.messageKey,
        message: t.has(key) ? t(key, err.details) : err.message,
        details: err.details ?? null,
      },
    };
  }
  console.error("statement import failed:", err);
  return {
    error: {
      code: "INTERNAL",
      messageKey: "internal",
      message: t("errors.internal"),
      details: null,
    },
  };
}

/**
 * `POST /api/statements?methodId=…&fileName=…` with the file's raw bytes as the body: signed
 * in (401), a member whose role reconciles (403), a valid query (400), a body within the cap
 * (400). The body is spooled to a temp file and hashed on the way (the import reads it once),
 * then imported while the answer streams NDJSON: `{"phase","bytes","lines"}` lines, throttled,
 * then `{"done":true,"statementId"}` or `{"error":{code,messageKey,message,details}}`. The temp
 * file is removed whatever happens.
 */
export async function uploadStatementResponse(
  ctx: UploadContext,
  req: Request,
  options: UploadOptions = {},
): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const locale = requestLocale(req.headers, params.get("locale"), ctx.user?.locale);
  const dir = await makeTempFolder("statement", options.tmpDir);
  const file = path.join(dir, "upload");
  let streaming = false;
  try {
    // A change, accepted only from the console's own pages, as its tRPC calls are: the
    // session cookie (SameSite=Lax) still rides on a POST from another page of the same site.
    if (isForeignRequest(req.headers, options.appUrl)) {
      throw new DomainError("FORBIDDEN", "crossSiteRefused", "Cross-site request refused");
    }
    if (!ctx.user) throw new DomainError("UNAUTHORIZED", "signedOut", "Sign in first");
    const membership = await actingMembership(ctx.db, ctx.user, ctx);
    if (!reconciles.includes(membership.role)) {
      throw new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");
    }
    const query = uploadQuery.parse(Object.fromEntries(params));
    if (!req.body) throw new DomainError("VALIDATION", "statementEmptyUpload", "No body");
    const spooled = await spoolStatement(req.body, file, options.maxBytes ?? defaultMaxBytes);

    const actor = { userId: ctx.user.id, ...ctx.meta };
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (value: unknown) =>
          controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        let last = { phase: "", lines: 0, at: 0 };
        const progress = (p: ImportProgress) => {
          const now = Date.now();
          const lines = p.lines ?? 0;
          if (
            p.phase === last.phase &&
            lines - last.lines < progressEveryLines &&
            now - last.at < progressEveryMs
          )
            return;
          last = { phase: p.phase, lines, at: now };
          send(p);
        };
        try {
          const { statementId } = await importStatement(
            ctx.db,
            actor,
            membership.merchantId,
            {
              methodId: query.methodId,
              fileName: query.fileName,
              source: "upload",
              file: spooled,
            },
            progress,
          );
          send({ done: true, statementId });
        } catch (err) {
          send(errorLine(err, locale));
        } finally {
          await rm(dir, { recursive: true, force: true });
          controller.close();
        }
      },
    });
    streaming = true;
    return new Response(body, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "cache-control": "no-store",
        "content-language": locale,
      },
    });
  } catch (err) {
    return domainErrorResponse(err, locale);
  } finally {
    if (!streaming) await rm(dir, { recursive: true, force: true });
  }
}
