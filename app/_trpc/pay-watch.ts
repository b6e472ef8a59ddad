"use client";

import { useEffect, useRef, useState } from "react";
import { encodeInput, endpoint } from "./pay-client";
import type { WireValue } from "./wire";

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
