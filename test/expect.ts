import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
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
