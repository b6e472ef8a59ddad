import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { expect } from "vitest";
import { errorExplainerFor } from "@/app/_i18n/error-sentences";
import { CallError } from "@/app/_trpc/call";
import type { Db } from "@/db/types";
import { appRouter } from "@/server/trpc/root";
import { contextFor } from "./fixtures";

/**
 * The app's real tRPC endpoint answering `req` for the browser clients' tests (their fetch,
 * stubbed), with `person` signed in (null: signed out) and the error sentences in the
 * request's language. `extra` adds to the context (the pay page's sandbox delivery).
 */
export function answerAtEndpoint(
  db: Db,
  req: Request,
  person: Parameters<typeof contextFor>[1],
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: () => ({
      ...contextFor(db, person),
      ...extra,
      explainError: errorExplainerFor(req.headers),
    }),
  });
}

/** The CallError a browser client's call was refused with (fails the test if it was not). */
export async function refusal(call: Promise<unknown>): Promise<CallError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallError);
  return err as CallError;
}
