import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Locale } from "@/app/_i18n/config";
import { merchants } from "@/db/schema";
import type { Db } from "@/db/types";
import { requireStepUp } from "@/server/account/step-up.service";
import { recordAudit } from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { domainErrorResponse } from "@/server/http/domain-error-response";
import { hiddenCharacterPath } from "@/server/http/hidden-characters.logic";
import type { RequestMeta } from "@/server/http/request-meta";
import { requestLocale, translatorFor, type Translate } from "@/server/http/locale";
import { actingMembership, type MembershipRequest } from "@/server/team/membership.service";
import type { SessionUser } from "@/server/trpc/init";
import type { ExportSource } from "./export.logic";
import { contentTypes, exportFormats, exportStream, type ExportFormat } from "./export-stream";

/** Who asks and for which shop: what the route pattern checked before any export runs. */
export interface ExportScope {
  db: Db;
  merchantId: string;
  role: Role;
  /** The shop's zone: times are written in it, with their offset. */
  timeZone: string;
  locale: Locale;
  t: Translate;
}

/** One export: who may download it, its query (the screen's filters), and its rows. */
export interface ExportDefinition<Query> {
  roles: readonly Role[];
  /** Whether the file holds customer data for this role: the session must have confirmed it's them. */
  stepUp?: (role: Role) => boolean;
  query: z.ZodType<Query>;
  /** Checks the query against the shop (e.g. a store of another shop is NOT_FOUND), then pages. */
  open: (scope: ExportScope, query: Query) => Promise<ExportSource<never>>;
}

/** Declares an export with its row type checked against its columns. */
export function defineExport<Query, Row>(definition: {
  roles: readonly Role[];
  stepUp?: (role: Role) => boolean;
  query: z.ZodType<Query>;
  open: (scope: ExportScope, query: Query) => Promise<ExportSource<Row>>;
}): ExportDefinition<Query> {
  return definition as unknown as ExportDefinition<Query>;
}

/** What a route handler knows of the request once the session is read (with its membership). */
export interface ExportRequestContext extends MembershipRequest {
  db: Db;
  user: SessionUser | null;
  meta: RequestMeta;
  /** The clock a step-up is judged by (tests move it); the real one otherwise. */
  now?: () => Date;
}

function fileName(name: string, format: ExportFormat): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_") || "export";
  return `${safe}.${format}`;
}

/**
 * The one export route: signed in (401), a member of the shop (403), a role the export is
 * open to (403), a confirmed session where the file holds customer data (403 stepUpRequired),
 * a valid query (400), then the file streamed from keyset pages. Errors before
 * the first byte go through domainErrorResponse, so a NOT_FOUND is a 404 in the user's language.
 * `?format=csv|xlsx` (CSV by default), `?locale=zh-CN|en` to override the user's language.
 */
export async function exportResponse<Query>(
  ctx: ExportRequestContext,
  req: Request,
  definition: ExportDefinition<Query>,
): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const locale = requestLocale(req.headers, params.get("locale"), ctx.user?.locale);
  try {
    if (!ctx.user) throw new DomainError("UNAUTHORIZED", "signedOut", "Sign in first");
    const membership = await actingMembership(ctx.db, ctx.user, ctx);
    if (!definition.roles.includes(membership.role)) {
      throw new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");
    }
    if (definition.stepUp?.(membership.role)) await requireStepUp(ctx.db, ctx.user, ctx.now?.());
    const format = (params.get("format") ?? "csv") as ExportFormat;
    const rest = Object.fromEntries([...params].filter(([k]) => k !== "format" && k !== "locale"));
    const query = definition.query.safeParse(rest);
    // A filter's text is stored with the download's audit row: none may hold what json cannot.
    if (!exportFormats.includes(format) || !query.success || hiddenCharacterPath(rest)) {
      throw new DomainError("VALIDATION", "invalidLink", "Bad export request");
    }
    const [merchant] = await ctx.db
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, membership.merchantId));
    const scope: ExportScope = {
      db: ctx.db,
      merchantId: membership.merchantId,
      role: membership.role,
      timeZone: merchant?.timeZone ?? "UTC",
      locale,
      t: translatorFor(locale),
    };
    const source = await definition.open(scope, query.data);
    // Data leaving the console is recorded: who took which file, with which filters.
    const user = ctx.user;
    await ctx.db.transaction((tx) =>
      recordAudit(
        tx,
        { userId: user.id, ...ctx.meta },
        {
          merchantId: scope.merchantId,
          action: "export.download",
          entityType: "export",
          entityId: source.name,
          after: { format, filters: query.data },
        },
      ),
    );
    return new Response(exportStream(format, source, scope.timeZone), {
      headers: {
        "content-type": contentTypes[format],
        "content-disposition": `attachment; filename="${fileName(source.name, format)}"`,
        "content-language": locale,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return domainErrorResponse(err, locale);
  }
}
