"use client";

import { useEffect, useRef, useState } from "react";
import { endpoint, inputQuery, toWire } from "./address";
import { openStream } from "./event-stream";
import type { WireValue } from "./wire";

/**
 * The pay view's live updates: the `pay.watch` subscription over server-sent events
 * (event-stream.ts): live while values come, lost when the server gave up or the browser
 * stopped reconnecting. Each view is handed over as it travels (the pay page only fingerprints it, see view-stamp.ts).
 */
export function usePayWatch(token: string, onData: (view: WireValue) => void): "live" | "error" {
  const [status, setStatus] = useState<"live" | "error">("live");
  const latest = useRef(onData);
  useEffect(() => {
    latest.current = onData;
  });
  useEffect(() => {
    const events = openStream(`${endpoint("pay.watch")}?${inputQuery(toWire({ token }))}`, {
      message: (view) => {
        setStatus("live");
        latest.current(view);
      },
      refused: () => {
        events.close();
        setStatus("error");
      },
      dropped: (closed) => {
        if (closed) setStatus("error");
      },
    });
    return () => events.close();
  }, [token]);
  return status;
}
