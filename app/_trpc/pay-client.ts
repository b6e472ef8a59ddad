"use client";

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorLocaleHeader } from "@/app/_lib/error-sentence";
import type { AppRouter } from "@/server/trpc/root";
import { fromWire, toWire, type PlainJson, type WireValue } from "./wire";

/**
 * The customer's pages (pay page, sandbox wallet, receipt) talk to their public procedures
 * through this small client instead of the console's tRPC + TanStack Query provider: a
 * customer on a phone downloads a few hundred lines here, not the console's data layer. Same
 * HTTP endpoint, same wire format (superjson's, read by wire.ts), same error shape, so `useErrorMessage` reads
 * its errors as it reads the console's. A call made by a page's hook sends the page's language
 * (its <html lang>), so a refusal's sentence comes from the server in it (see errorLocaleHeader).
 */
type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;
type Query = "pay.view" | "pay.paymentElement" | "pay.sandboxCheckout";
type Mutation = "pay.retry" | "pay.checkPayment" | "pay.sandboxConfirm" | "feedback.submit";
/** A procedure's input and output by its path ("router.procedure"). */
type Inputs = {
  [P in Query | Mutation]: P extends `${infer R extends keyof In}.${infer N}`
    ? N extends keyof In[R]
      ? In[R][N]
      : never
    : never;
};
type Outputs = {
  [P in Query | Mutation]: P extends `${infer R extends keyof Out}.${infer N}`
    ? N extends keyof Out[R]
      ? Out[R][N]
      : never
    : never;
};

/** A refused call, shaped as a tRPC client error is: the formatter's `data` (messageKey, details…). */
export class PayCallError extends Error {
  constructor(
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}

const endpoint = (path: string) => `/api/trpc/${path}`;
const encodeInput = (input: PlainJson) =>
  `input=${encodeURIComponent(JSON.stringify(toWire(input)))}`;

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as {
    result?: { data: WireValue };
    error?: WireValue;
  } | null;
  if (res.ok && body?.result) return fromWire<T>(body.result.data);
  const shape = body?.error
    ? fromWire<{ message?: string; data?: Record<string, unknown> }>(body.error)
    : null;
  throw new PayCallError(
    shape?.message ?? res.statusText,
    shape?.data ?? { httpStatus: res.status },
  );
}

const localeHeaders = (locale?: string): Record<string, string> =>
  locale ? { [errorLocaleHeader]: locale } : {};

/** The language the page is shown in (the root layout's <html lang>). */
const pageLocale = () => document.documentElement.lang;

export async function payQuery<K extends Query>(
  path: K,
  input: Inputs[K],
  locale?: string,
): Promise<Outputs[K]> {
  return answer(
    await fetch(`${endpoint(path)}?${encodeInput(input)}`, {
      headers: localeHeaders(locale),
    }),
  );
}

export async function payMutate<K extends Mutation>(
  path: K,
  input: Inputs[K],
  locale?: string,
): Promise<Outputs[K]> {
  return answer(
    await fetch(endpoint(path), {
      method: "POST",
      headers: { "content-type": "application/json", ...localeHeaders(locale) },
      body: JSON.stringify(toWire(input)),
    }),
  );
}

/** A mutation's state for a component: what TanStack Query's useMutation gave these pages. */
export function usePayMutation<K extends Mutation>(
  path: K,
  handlers: { onSuccess?: (data: Outputs[K]) => void; onError?: (err: PayCallError) => void } = {},
) {
  // The latest handlers, read when the answer comes: `mutate` keeps one identity for effects.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const [state, setState] = useState<{
    isPending: boolean;
    data: Outputs[K] | undefined;
    error: PayCallError | null;
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
          const error =
            err instanceof PayCallError ? err : new PayCallError("network", { httpStatus: 0 });
          setState({ isPending: false, data: undefined, error });
          latest.current.onError?.(error);
        },
      );
    },
    [path],
  );
  return { ...state, mutate };
}

/** One query, read once when enabled, tried twice (as the console's query client does). */
export function usePayQuery<K extends Query>(path: K, input: Inputs[K], enabled = true) {
  // The inputs of these queries are plain JSON (a token).
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data: Outputs[K] | undefined; isError: boolean }>({
    data: undefined,
    isError: false,
  });
  useEffect(() => {
    if (!enabled) return;
    let gone = false;
    const read = () => payQuery(path, JSON.parse(key) as Inputs[K], pageLocale());
    read()
      .catch(read)
      .then(
        (data) => !gone && setState({ data, isError: false }),
        () => !gone && setState({ data: undefined, isError: true }),
      );
    return () => {
      gone = true;
    };
  }, [path, key, enabled]);
  return state;
}

/**
 * The pay view's live updates: the `pay.watch` subscription over server-sent events, read
 * as tRPC's own subscription link reads it (a `message` per value, `serialized-error` when
 * the server gave up, `return` at the end). The browser's EventSource reconnects by itself.
 * Each view is handed over as it travels (the pay page only fingerprints it, see view-stamp.ts).
 */
export function usePayWatch(token: string, onData: (view: WireValue) => void): "live" | "error" {
  const [status, setStatus] = useState<"live" | "error">("live");
  const latest = useRef(onData);
  useEffect(() => {
    latest.current = onData;
  });
  useEffect(() => {
    const events = new EventSource(`${endpoint("pay.watch")}?${encodeInput({ token })}`);
    events.addEventListener("message", (e) => {
      setStatus("live");
      latest.current(JSON.parse((e as MessageEvent<string>).data) as WireValue);
    });
    const lost = () => {
      events.close();
      setStatus("error");
    };
    events.addEventListener("serialized-error", lost);
    events.addEventListener("return", () => events.close());
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) setStatus("error");
    });
    return () => events.close();
  }, [token]);
  return status;
}
