"use client";

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import {
  CallError,
  endpoint,
  inputQuery,
  localeHeaders,
  networkError,
  pageLocale,
  postCall,
  readResponse,
} from "./call";
import { toWire } from "./address";

/**
 * The customer's pages (pay page, sandbox wallet, receipt) talk to their public procedures
 * through this small client instead of the console's data layer (the query cache, batching,
 * step-up, console-calls.ts): a customer on a phone downloads a few hundred lines here (the
 * query hook and the live view are modules of their own, pay-query.ts and pay-watch.ts, so
 * that a page downloads only the ones it uses). Same HTTP endpoint, same wire format
 * (superjson's, read by wire.ts), same error shape (call.ts), so `useErrorMessage` reads its
 * errors as it reads the console's. A call made by a page's hook sends the page's language
 * (its <html lang>), so a refusal's sentence comes from the server in it (see errorLocaleHeader).
 */
type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;
export type Query = "pay.view" | "pay.paymentElement" | "pay.sandboxCheckout";
type Mutation = "pay.retry" | "pay.checkPayment" | "pay.sandboxConfirm" | "feedback.submit";
/** A procedure's input and output by its path ("router.procedure"). */
export type Inputs = {
  [P in Query | Mutation]: P extends `${infer R extends keyof In}.${infer N}`
    ? N extends keyof In[R]
      ? In[R][N]
      : never
    : never;
};
export type Outputs = {
  [P in Query | Mutation]: P extends `${infer R extends keyof Out}.${infer N}`
    ? N extends keyof Out[R]
      ? Out[R][N]
      : never
    : never;
};

export async function payQuery<K extends Query>(
  path: K,
  input: Inputs[K],
  locale?: string,
): Promise<Outputs[K]> {
  return readResponse(
    await fetch(`${endpoint(path)}?${inputQuery(toWire(input))}`, {
      headers: localeHeaders(locale),
    }),
  );
}

export async function payMutate<K extends Mutation>(
  path: K,
  input: Inputs[K],
  locale?: string,
): Promise<Outputs[K]> {
  return readResponse(await postCall(path, toWire(input), locale));
}

/** A mutation's state for a component: what the console's useMutation gave these pages. */
export function usePayMutation<K extends Mutation>(
  path: K,
  handlers: { onSuccess?: (data: Outputs[K]) => void; onError?: (err: CallError) => void } = {},
) {
  // The latest handlers, read when the answer comes: `mutate` keeps one identity for effects.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const [state, setState] = useState<{
    isPending: boolean;
    data: Outputs[K] | undefined;
    error: CallError | null;
  }>({ isPending: false, data: undefined, error: null });
  const mutate = useCallback(
    (input: Inputs[K]) => {
      setState({ isPending: true, data: undefined, error: null });
      payMutate(path, input, pageLocale()).then(
        (data) => {
          setState({ isPending: false, data, error: null });
          latest.current.onSuccess?.(data);
        },
        (err: unknown) => {
          const error = err instanceof CallError ? err : networkError(err);
          setState({ isPending: false, data: undefined, error });
          latest.current.onError?.(error);
        },
      );
    },
    [path],
  );
  return { ...state, mutate };
}
