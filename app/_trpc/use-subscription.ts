"use client";

import { hashKey } from "./query-store";
import type { useSubscription as trpcUseSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import {
  endpoint,
  inputQuery,
  networkError,
  refusalError,
  type CallError,
  type Refusal,
} from "./call";
import { openStream } from "./event-stream";
import { fromWire } from "./wire";
import { writeWire } from "./wire-writer";

type ConnectionState = "idle" | "connecting" | "pending";

interface Listeners {
  onStarted?: () => void;
  onData?: (data: unknown) => void;
  onError?: (err: CallError) => void;
  onConnectionStateChange?: (state: {
    type: "state";
    state: ConnectionState;
    error: CallError | null;
  }) => void;
}

/** tRPC's INTERNAL_SERVER_ERROR, the code of every refusal its subscription link waits out. */
const serverErrorCode = -32603;

/**
 * A subscription over server-sent events, telling `on` what tRPC's subscription link told
 * the screen: started, each value, the connection's state (`pending` while live,
 * `connecting` while the browser reconnects, `idle` at the end), and a refusal that ends it.
 */
export function subscribe(path: string, input: unknown, on: Listeners): { unsubscribe(): void } {
  const state = (state: ConnectionState, error: CallError | null = null) =>
    on.onConnectionStateChange?.({ type: "state", state, error });
  state("connecting");
  const url = `${endpoint(path)}?${inputQuery(writeWire(input))}`;
  const events = openStream(url, {
    connected: () => {
      on.onStarted?.();
      state("pending");
    },
    message: (value) => on.onData?.(fromWire(value)),
    refused: (wire) => {
      const refusal = fromWire<Refusal>(wire);
      const err = refusalError(refusal, 0);
      // A server error may pass: the server ends the stream and the browser reconnects.
      if (refusal.code === serverErrorCode) return state("connecting", err);
      events.close();
      on.onError?.(err);
    },
    dropped: (closed) => {
      if (closed) on.onError?.(networkError(null));
      else state("connecting");
    },
    ended: () => state("idle"),
  });
  return { unsubscribe: () => events.close() };
}

/**
 * tRPC's useSubscription for the options of `trpc.<router>.<procedure>.subscriptionOptions()`:
 * subscribed while enabled, again when the input changes; the latest listeners are called.
 * (tRPC's hook also returns the stream's state; no screen reads it.)
 */
export function useSubscription<TOutput, TError>(
  options: Parameters<typeof trpcUseSubscription<TOutput, TError>>[0],
): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const { enabled } = options;
  const key = hashKey(options.queryKey);
  useEffect(() => {
    if (!enabled) return;
    const on = () => latest.current;
    const subscription = latest.current.subscribe({
      onStarted: () => on().onStarted?.(),
      onData: (data) => on().onData?.(data),
      onError: (err) => on().onError?.(err),
      onConnectionStateChange: (state) => on().onConnectionStateChange?.(state),
    });
    return () => subscription.unsubscribe();
  }, [enabled, key]);
}
