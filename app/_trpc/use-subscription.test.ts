import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { trpcOptions } from "./options-proxy";
import { subscribe } from "./use-subscription";
import { writeWire } from "./wire-writer";

/** The browser's EventSource, driven by the test as tRPC's server would drive it. */
class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource;
  static opened = 0;
  readyState = 0;
  private listeners = new Map<string, ((e: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
    FakeEventSource.opened++;
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data?: unknown) {
    const event = data === undefined ? {} : { data: JSON.stringify(writeWire(data)) };
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
}

beforeEach(() => vi.stubGlobal("EventSource", FakeEventSource));
afterEach(() => vi.unstubAllGlobals());

function watched() {
  const seen: unknown[] = [];
  const subscription = subscribe(
    "orders.watch",
    { orderId: "o1" },
    {
      onStarted: () => seen.push("started"),
      onData: (data) => seen.push(data),
      onError: (err) => seen.push({ error: err.data }),
      onConnectionStateChange: ({ state, error }) => seen.push(`${state}${error ? "!" : ""}`),
    },
  );
  return { seen, subscription, events: FakeEventSource.last };
}

describe("the console's live updates tell the screen what tRPC's subscription link told it", () => {
  it("opens the procedure's stream and hands over each value as it was sent", () => {
    const { seen, events } = watched();
    expect(events.url).toBe(
      `/api/trpc/orders.watch?input=${encodeURIComponent(JSON.stringify({ json: { orderId: "o1" } }))}`,
    );
    events.emit("connected", {});
    events.emit("message", { id: "o1", amountMinor: 5n, at: new Date(7) });
    events.emit("return");
    expect(seen).toEqual([
      "connecting",
      "started",
      "pending",
      { id: "o1", amountMinor: 5n, at: new Date(7) },
      "idle",
    ]);
    expect(events.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("waits out a server error (the browser reconnects) but ends at any other refusal", () => {
    const { seen, events } = watched();
    events.emit("serialized-error", { message: "boom", code: -32603, data: { httpStatus: 500 } });
    expect(seen.at(-1)).toBe("connecting!");
    expect(events.readyState).not.toBe(FakeEventSource.CLOSED);
    events.emit("serialized-error", {
      message: "Order not found",
      code: -32004,
      data: { httpStatus: 404, messageKey: "orderNotFound" },
    });
    expect(seen.at(-1)).toEqual({ error: { httpStatus: 404, messageKey: "orderNotFound" } });
    expect(events.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("says connecting while the browser reconnects, and fails when it gave up", () => {
    const { seen, events, subscription } = watched();
    events.emit("connected", {});
    events.emit("error");
    expect(seen.at(-1)).toBe("connecting");
    events.readyState = FakeEventSource.CLOSED;
    events.emit("error");
    expect(seen.at(-1)).toEqual({ error: { httpStatus: 0 } });
    subscription.unsubscribe();
  });

  it("closes the stream when the screen leaves", () => {
    const { events, subscription } = watched();
    subscription.unsubscribe();
    expect(events.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("through the screens' options, once the stream's code is loaded; never if called off before", async () => {
    const seen: string[] = [];
    const options = trpcOptions.orders.watch.subscriptionOptions({ orderId: "o1" });
    const before = FakeEventSource.last;
    const opened = FakeEventSource.opened;
    options.subscribe({}).unsubscribe();
    const live = options.subscribe({ onStarted: () => seen.push("started") });
    await vi.waitFor(() => expect(FakeEventSource.last).not.toBe(before));
    const events = FakeEventSource.last;
    events.emit("connected", {});
    expect(seen).toEqual(["started"]);
    expect(events.url).toContain("/api/trpc/orders.watch?input=");
    // Only the second one opened a stream: the first was called off while its code loaded.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(FakeEventSource.opened - opened).toBe(1);
    live.unsubscribe();
    expect(events.readyState).toBe(FakeEventSource.CLOSED);
  });
});
