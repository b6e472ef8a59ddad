import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { z } from "zod";
import { locales } from "@/app/_i18n/config";
import { loadMessages } from "@/app/_i18n/messages";
import { DomainError, type DomainErrorCode } from "@/server/errors";

/** What a promise rejected with; fails the test when it resolved (with what it returned). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${describe(value)}`);
    },
    (e: unknown) => e,
  );
}

function describe(value: unknown) {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  } catch {
    return String(value);
  }
}

/** Expects a service call to fail with this DomainError (code and message key). */
export async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainErrorCode,
  messageKey: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code, messageKey });
}

/** The TRPCError a router call fails with; fails the test when the call succeeds. */
export async function expectTRPCError(call: Promise<unknown>): Promise<TRPCError> {
  const error = await rejection(call);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/**
 * A form schema's refusal as { "items.0.name": "required" }, after checking that each message
 * key names a message in both languages the way the form's fields look it up (under `errors`,
 * or a full key), so a typo cannot fall back to the generic "not valid" unnoticed.
 */
export function formIssues(schema: z.ZodType, values: unknown): Record<string, string> {
  const result = schema.safeParse(values);
  expect(result.success, "the form should refuse these values").toBe(false);
  const issues: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    issues[issue.path.join(".")] ??= issue.message;
    for (const locale of locales) {
      const messages = loadMessages(locale) as Record<string, unknown>;
      const found = [`errors.${issue.message}`, issue.message].some(
        (key) => typeof key.split(".").reduce<unknown>(step, messages) === "string",
      );
      expect(found, `${locale} has a message for "${issue.message}"`).toBe(true);
    }
  }
  return issues;
}

function step(node: unknown, key: string): unknown {
  return node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
}
