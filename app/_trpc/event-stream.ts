import type { WireValue } from "./wire";

/** What a subscription's stream says, as tRPC's server writes it (server-sent events). */
interface StreamListeners {
  /** The server took the subscription (tRPC's `connected` event). */
  connected?: () => void;
  /** A value, in superjson's wire format. */
  message: (value: WireValue) => void;
  /** The server gave up (`serialized-error`): tRPC's error shape, in the wire format. */
  refused: (error: WireValue) => void;
  /** The connection dropped: `closed` when the browser gave up reconnecting. */
  dropped?: (closed: boolean) => void;
  /** The subscription ended (tRPC's `return` event); the stream is closed. */
  ended?: () => void;
}

/**
 * A subscription's stream, read as tRPC's own subscription link reads it; shared by the pay
 * page's live view (pay-watch.ts) and the console's (use-subscription.ts). The browser's
 * EventSource reconnects by itself; the stream closes at the server's `return` (the end).
 */
export function openStream(url: string, on: StreamListeners): EventSource {
  const events = new EventSource(url);
  const read = (e: Event) => JSON.parse((e as MessageEvent<string>).data) as WireValue;
  if (on.connected) events.addEventListener("connected", on.connected);
  events.addEventListener("message", (e) => on.message(read(e)));
  events.addEventListener("serialized-error", (e) => on.refused(read(e)));
  events.addEventListener("return", () => {
    events.close();
    on.ended?.();
  });
  events.addEventListener("error", () => on.dropped?.(events.readyState === EventSource.CLOSED));
  return events;
}
