import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, ZodRealError } from "zod";
import type { Db } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import type { Deliver } from "@/server/connectors/sandbox/sandbox-wallet.service";
import type { EventHub } from "@/server/events/events.service";
import { DomainError, errorTransport, knownError } from "@/server/errors";
import type { RequestMeta } from "@/server/http/request-meta";
import { requireStepUp } from "@/server/account/step-up.service";
import { hiddenCharacterKey, hiddenCharacterPath } from "@/server/http/hidden-characters.logic";
import { actingMembership, type ActiveMembership } from "@/server/team/membership.service";
import { fieldErrorKeys } from "./field-errors.logic";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: "zh-CN" | "en" | null;
  /** The session this request signed in with (marks "this device" in the account page). */
  sessionId?: string;
  /** Someone else chose the password: until it is changed, only the account procedures run. */
  mustChangePassword?: boolean;
  /** An authenticator app is set up (better-auth's two-factor plugin). */
  twoFactorEnabled?: boolean;
}

/** What every procedure receives; built the same way for HTTP calls and server components. */
export interface Context {
  db: Db;
  user: SessionUser | null;
  meta: RequestMeta;
  /** The merchant the user last chose (cookie); checked against memberships before use. */
  preferredMerchantId: string | null;
  /**
   * The membership read with the session for this user and preferredMerchantId, so the
   * merchant procedures need not read it again; absent when the session was not read with
   * it (better-auth refreshed the session; tests), and then merchantProcedure reads it.
   */
  membership?: ActiveMembership | null;
  /** Seals and opens provider credentials. */
  encryptionKey: Buffer;
  /** The auth library's secret: its two-factor plugin encrypts the app secrets with it. */
  authSecret: string;
  /** The time procedures judge by (a step-up's age); tests set it, requests leave it out. */
  now?: () => Date;
  /** Live payment events of this process, for subscriptions. */
  events: EventHub;
  /** How the sandbox wallet sends its notifications (HTTP to our webhook; captured in tests). */
  deliverSandbox: Deliver;
  /**
   * Set by the HTTP endpoint when the caller asked for its refusals in words (the customer's
   * pages, which do not carry the `errors` catalogue): the sentences of a refusal's data.
   */
  explainError?: (data: ErrorData) => ErrorSentences;
}

/** What a refusal tells the caller besides tRPC's own fields (see errorFormatter). */
export interface ErrorData {
  httpStatus: number;
  messageKey: string | null;
  details: Record<string, string | number> | null;
  fieldErrors: Record<string, string[] | undefined> | null;
}

export interface ErrorSentences {
  sentence: string;
  fieldSentences: Record<string, string> | null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // A live-update stream (a subscription over server-sent events) can be quiet for long: a
  // comment every 20 s keeps it open through proxies and load balancers that end a response
  // idle for a minute (nginx's proxy_read_timeout), instead of a reconnect every minute.
  sse: { ping: { enabled: true, intervalMs: 20_000 } },
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const isKnown =
      cause instanceof DomainError ||
      cause instanceof ZodError ||
      error.code !== "INTERNAL_SERVER_ERROR";
    const data: ErrorData = {
      httpStatus: shape.data.httpStatus,
      messageKey: cause instanceof DomainError ? cause.messageKey : isKnown ? null : "internal",
      details: cause instanceof DomainError ? (cause.details ?? null) : null,
      // Field by field, for forms: { fieldName: ["messageKey", …], "items.0.name": [...] }.
      fieldErrors: cause instanceof ZodError ? fieldErrorKeys(cause) : null,
    };
    return {
      ...shape,
      // Never leak internals: an unexpected error reaches the user as a generic message.
      message: isKnown ? shape.message : "Internal error",
      data: { ...shape.data, stack: undefined, ...data, ...ctx?.explainError?.(data) },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

function toTRPCError(cause: DomainError) {
  return new TRPCError({ code: errorTransport[cause.code].trpc, message: cause.message, cause });
}

/**
 * A subscription's errors are thrown while it is read, after the middleware has returned;
 * unmapped, tRPC would send a DomainError (e.g. an unknown order) as INTERNAL_SERVER_ERROR.
 */
async function* mapDomainErrors(source: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    yield* source;
  } catch (err) {
    const known = knownError(err);
    throw known ? toTRPCError(known) : err;
  }
}

/** Turns the services' DomainError into the matching tRPC error, in one place. */
const domainErrors = t.middleware(async ({ next, type }) => {
  const result = await next();
  const known = result.ok ? null : knownError(result.error.cause);
  if (known) throw toTRPCError(known);
  if (result.ok && type === "subscription" && isAsyncIterable(result.data)) {
    return { ...result, data: mapDomainErrors(result.data) };
  }
  return result;
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * Refuses an input whose text holds a hidden character no text may hold (see
 * hidden-characters.logic.ts), as a form's field error on the field it is in: no procedure's
 * own schema looks for them.
 */
const withoutHiddenCharacters = t.middleware(async ({ getRawInput, next }) => {
  const path = hiddenCharacterPath(await getRawInput());
  if (!path) return next();
  const issue = { code: "custom" as const, message: hiddenCharacterKey, path, input: undefined };
  throw new TRPCError({ code: "BAD_REQUEST", cause: new ZodRealError([issue]) });
});

export const publicProcedure = t.procedure.use(domainErrors).use(withoutHiddenCharacters);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const actor: Actor = { userId: ctx.user.id, ...ctx.meta };
  // Only what changes: tRPC merges it into the context (copying every key at each middleware).
  return next({ ctx: { user: ctx.user, actor } });
});

/**
 * Sets the tenant once: every query below filters on ctx.merchantId, never on input. The gates
 * (own password, membership, second factor) are actingMembership's, shared with the file routes.
 */
export const merchantProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const membership = await actingMembership(ctx.db, ctx.user, ctx);
  return next({ ctx: { merchantId: membership.merchantId, role: membership.role, membership } });
});

/** A merchant procedure open only to the given roles. */
export function roleProcedure(...allowed: readonly Role[]) {
  return merchantProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "Your role may not do this",
        cause: new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this"),
      });
    }
    return next();
  });
}

/**
 * A sensitive action (roles, credentials, refunds, sign-in settings): the person must have
 * proven themselves on this session in the last few minutes (account.stepUp), else FORBIDDEN
 * with `stepUpRequired`, which the console answers with "Confirm it's you" and a retry.
 */
export function stepUpProcedure(...allowed: readonly Role[]) {
  return roleProcedure(...allowed).use(async ({ ctx, next }) => {
    await requireStepUp(ctx.db, ctx.user, ctx.now?.());
    return next();
  });
}
