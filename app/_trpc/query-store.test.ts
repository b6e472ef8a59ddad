import { describe, expect, it, vi } from "vitest";
import { CallError } from "./call";
import { queryDefaults } from "./query-client";
import {
  keepEqual,
  QueryClient,
  runMutation,
  shownState,
  type Entry,
  type MutationState,
} from "./query-store";

/** A read the test answers when it likes: `answer`/`refuse` settle the oldest one waiting. */
function controlledReads<T>() {
  const waiting: { resolve: (v: T) => void; reject: (e: unknown) => void; signal: AbortSignal }[] =
    [];
  const fetcher = vi.fn(
    (signal: AbortSignal) =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ resolve, reject, signal });
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  );
  return {
    fetcher,
    waiting,
    answer: (value: T) => waiting.shift()!.resolve(value),
    refuse: (err: unknown) => waiting.shift()!.reject(err),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve));
const client = () => new QueryClient({ ...queryDefaults, retryDelay: () => 0 });
const refused = (httpStatus: number) => new CallError("refused", { httpStatus });
const key = (path: string, input?: unknown) => [path.split("."), { input, type: "query" }];

describe("the console's query cache", () => {
  it("reads a query once however many screens ask for it at the same time", async () => {
    const cache = client();
    const reads = controlledReads<string>();
    const entry = cache.entry(key("orders.list"));
    const one = cache.fetch(entry, reads.fetcher);
    const two = cache.fetch(entry, reads.fetcher);
    cache.observe(entry, { fetcher: reads.fetcher });
    expect(reads.fetcher).toHaveBeenCalledTimes(1);
    expect(entry.state).toMatchObject({ status: "pending", fetching: true });
    reads.answer("rows");
    expect(await one).toBe("rows");
    expect(await two).toBe("rows");
    expect(entry.state).toMatchObject({ status: "success", data: "rows", fetching: false });
    // Fresh for 30 s: another screen showing it does not ask again.
    cache.observe(entry, { fetcher: reads.fetcher });
    expect(reads.fetcher).toHaveBeenCalledTimes(1);
  });

  it("reads again on invalidation the queries shown, the others when next shown", async () => {
    const cache = client();
    const shown = controlledReads<string>();
    const hidden = controlledReads<string>();
    const other = controlledReads<string>();
    const list = cache.entry(key("orders.list", { page: 1 }));
    const detail = cache.entry(key("orders.byId", { orderId: "o1" }));
    const methods = cache.entry(key("paymentMethods.list"));
    cache.observe(list, { fetcher: shown.fetcher });
    shown.answer("page 1");
    const read = cache.fetch(detail, hidden.fetcher);
    hidden.answer("o1");
    await read;
    cache.observe(methods, { fetcher: other.fetcher });
    other.answer("methods");
    await tick();

    // The orders router's prefix, as `trpc.orders.pathFilter()` writes it.
    const done = cache.invalidateQueries({ queryKey: [["orders"]] });
    expect(shown.fetcher).toHaveBeenCalledTimes(2);
    expect(hidden.fetcher).toHaveBeenCalledTimes(1);
    expect(other.fetcher).toHaveBeenCalledTimes(1);
    expect(detail.state.invalidated).toBe(true);
    expect(methods.state.invalidated).toBe(false);
    shown.answer("page 1 again");
    await done;
    expect(list.state).toMatchObject({ data: "page 1 again", invalidated: false });

    // Shown again, the stale detail is read although its answer is seconds old.
    cache.observe(detail, { fetcher: hidden.fetcher });
    expect(hidden.fetcher).toHaveBeenCalledTimes(2);
  });

  it("invalidates one key exactly, and calls off a read under way for a new one", async () => {
    const cache = client();
    const reads = controlledReads<string>();
    const entry = cache.entry(key("orders.list", { page: 1 }));
    const sibling = cache.entry(key("orders.list", { page: 2 }));
    cache.observe(entry, { fetcher: reads.fetcher });
    const first = cache.fetch(entry, reads.fetcher);
    void cache.invalidateQueries({ queryKey: key("orders.list", { page: 1 }), exact: true });
    expect(sibling.state.invalidated).toBe(false);
    expect(reads.waiting[0]!.signal.aborted).toBe(true);
    reads.waiting.shift();
    reads.answer("after the mutation");
    // The first read's callers get the newer answer, not the one read before the change.
    expect(await first).toBe("after the mutation");
  });

  it("shows the previous key's answer while a new key is read, with keepPreviousData", () => {
    const cache = client();
    const page1 = cache.entry<string>(key("orders.list", { page: 1 }));
    const page2 = cache.entry<string>(key("orders.list", { page: 2 }));
    cache.setQueryData(page1.key, "page 1");
    const previous = { entry: page1 as Entry, data: "page 1" };
    expect(shownState(page2.state, page2, previous, true)).toEqual({
      data: "page 1",
      status: "success",
      isPlaceholderData: true,
    });
    // Without keepPreviousData, or once the new key is answered, the key's own state.
    expect(shownState(page2.state, page2, previous, false)).toMatchObject({ status: "pending" });
    cache.setQueryData(page2.key, "page 2");
    expect(shownState(page2.state, page2, previous, true)).toEqual({
      data: "page 2",
      status: "success",
      isPlaceholderData: false,
    });
    // A refusal of the new key is shown, not hidden behind the old answer.
    const page3 = cache.entry(key("orders.list", { page: 3 }));
    page3.state = { ...page3.state, status: "error", error: refused(500) };
    expect(shownState(page3.state, page3, previous, true)).toMatchObject({ status: "error" });
  });

  it("takes the server's answers, keeping a newer one of its own", async () => {
    const cache = client();
    const orders = key("orders.list");
    const detail = key("orders.byId", { orderId: "o1" });
    cache.hydrate([{ key: orders, data: "server rows", updatedAt: Date.now() }]);
    const reads = controlledReads<string>();
    const entry = cache.entry(orders);
    cache.observe(entry, { fetcher: reads.fetcher });
    expect(entry.state).toMatchObject({ status: "success", data: "server rows" });
    expect(reads.fetcher).not.toHaveBeenCalled();
    // A query without an answer (nor one to come) is no answer: the query stays unread.
    cache.hydrate([{ key: detail }]);
    expect(cache.entry(detail).state.status).toBe("pending");
    cache.setQueryData(orders, "newer");
    cache.hydrate([{ key: orders, data: "older", updatedAt: 1 }]);
    expect(entry.state.data).toBe("newer");

    // An answer still on its way is the query's read under way: not asked for twice.
    let send = (_: string) => undefined as void;
    const later = new Promise<string>((resolve) => (send = resolve));
    cache.hydrate([{ key: detail, later }]);
    const own = controlledReads<string>();
    cache.observe(cache.entry(detail), { fetcher: own.fetcher });
    expect(own.fetcher).not.toHaveBeenCalled();
    send("o1");
    await tick();
    expect(cache.getQueryData(detail)).toBe("o1");
  });

  it("reads a query itself when the server's read for the page failed", async () => {
    const cache = client();
    const detail = key("orders.byId", { orderId: "o1" });
    const later = Promise.reject(refused(500));
    later.catch(() => undefined);
    cache.hydrate([{ key: detail, later }]);
    const own = controlledReads<string>();
    const entry = cache.entry(detail);
    cache.observe(entry, { fetcher: own.fetcher });
    await tick();
    expect(own.fetcher).toHaveBeenCalledTimes(1);
    expect(entry.state.status).toBe("pending");
    own.answer("o1");
    await tick();
    expect(entry.state).toMatchObject({ status: "success", data: "o1" });
  });

  it("calls off a read when its last screen goes, and reads again for the next one", async () => {
    const cache = client();
    const reads = controlledReads<string>();
    const entry = cache.entry(key("orders.list"));
    const leave = cache.observe(entry, { fetcher: reads.fetcher });
    const stay = cache.observe(entry, {});
    leave();
    expect(reads.waiting[0]!.signal.aborted).toBe(false);
    stay();
    expect(reads.waiting[0]!.signal.aborted).toBe(true);
    await tick();
    expect(entry.state).toMatchObject({ status: "pending", fetching: false, error: null });
    cache.observe(entry, { fetcher: reads.fetcher });
    expect(reads.fetcher).toHaveBeenCalledTimes(2);
  });

  it("tries a failed read twice more unless the server refused it, then shows the error", async () => {
    const cache = client();
    const entry = cache.entry(key("orders.list"));
    const failing = vi.fn(() => Promise.reject(refused(503)));
    await expect(cache.fetch(entry, failing)).rejects.toMatchObject({ data: { httpStatus: 503 } });
    expect(failing).toHaveBeenCalledTimes(3);
    expect(entry.state).toMatchObject({ status: "error", fetching: false });

    const refusing = vi.fn(() => Promise.reject(refused(404)));
    cache.setQueryData(entry.key, "rows");
    await expect(cache.fetch(entry, refusing)).rejects.toBeInstanceOf(CallError);
    expect(refusing).toHaveBeenCalledTimes(1);
    // The error is shown with the answer the query had.
    expect(entry.state).toMatchObject({ status: "error", data: "rows" });
  });

  it("forgets every answer on clear, telling the screens showing one", () => {
    const cache = client();
    const entry = cache.entry(key("me.get"));
    cache.setQueryData(entry.key, "shop A");
    const told = vi.fn();
    cache.listen(entry, told);
    cache.clear();
    expect(told).toHaveBeenCalled();
    // What a screen still holding the old query reads: no other shop's answer.
    expect(entry.state).toMatchObject({ status: "pending", data: undefined });
    expect(cache.getQueryData(entry.key)).toBeUndefined();
    expect(cache.entry(entry.key).state.status).toBe("pending");
  });

  it("answers fetchQuery from the cache while fresh, else by reading", async () => {
    const cache = client();
    const queryFn = vi.fn(({ signal }: { signal: AbortSignal }) =>
      Promise.resolve(signal.aborted ? "aborted" : "read"),
    );
    const options = { queryKey: key("account.stepUpStatus"), queryFn };
    expect(await cache.fetchQuery(options)).toBe("read");
    expect(await cache.fetchQuery(options)).toBe("read");
    expect(queryFn).toHaveBeenCalledTimes(1);
    await cache.fetchQuery({ ...options, staleTime: 0 });
    expect(queryFn).toHaveBeenCalledTimes(2);
  });
});

describe("a mutation's states", () => {
  const tracked = () => {
    const states: MutationState<string, unknown, number>["status"][] = [];
    return { states, set: (s: MutationState<string, unknown, number>) => states.push(s.status) };
  };

  it("is pending, then succeeds after its callbacks, the invalidation they return included", async () => {
    const { states, set } = tracked();
    const order: string[] = [];
    let invalidated = () => undefined as void;
    const invalidation = new Promise<void>((resolve) => (invalidated = resolve));
    const running = runMutation(
      {
        mutationFn: (n: number) => Promise.resolve(`#${n}`),
        onMutate: () => void order.push("onMutate"),
        onSuccess: (data) => {
          order.push(`onSuccess ${data}`);
          return invalidation;
        },
        onSettled: () => void order.push("onSettled"),
      },
      7,
      set,
      { onSuccess: (data) => void order.push(`call's onSuccess ${data}`) },
    );
    await tick();
    expect(states).toEqual(["pending"]);
    invalidated();
    expect(await running).toBe("#7");
    expect(states).toEqual(["pending", "success"]);
    expect(order).toEqual(["onMutate", "onSuccess #7", "onSettled", "call's onSuccess #7"]);
  });

  it("fails with the refusal, told to onError and onSettled", async () => {
    const { states, set } = tracked();
    const onError = vi.fn();
    const onSettled = vi.fn();
    const running = runMutation(
      { mutationFn: () => Promise.reject(refused(409)), onError, onSettled },
      1,
      set,
    );
    await expect(running).rejects.toMatchObject({ data: { httpStatus: 409 } });
    expect(states).toEqual(["pending", "error"]);
    expect(onError).toHaveBeenCalledWith(expect.any(CallError), 1, undefined);
    expect(onSettled).toHaveBeenCalledWith(undefined, expect.any(CallError), 1, undefined);
  });
});

describe("keepEqual", () => {
  it("keeps the parts of an answer that did not change", () => {
    const before = { settings: { currency: "CNY" }, rows: [{ id: "a" }, { id: "b", n: 1 }] };
    const after = keepEqual(before, {
      settings: { currency: "CNY" },
      rows: [{ id: "a" }, { id: "b", n: 2 }],
    });
    expect(after.settings).toBe(before.settings);
    expect(after.rows[0]).toBe(before.rows[0]);
    expect(after.rows[1]).toEqual({ id: "b", n: 2 });
    expect(after).not.toBe(before);
    expect(keepEqual(before, structuredClone(before))).toBe(before);
    // A date is a new value each read (as TanStack had it).
    const at = { at: new Date(0) };
    expect(keepEqual(at, { at: new Date(0) })).not.toBe(at);
  });
});
