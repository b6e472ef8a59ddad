import type { InferDataFromTag, QueryKey, SkipToken, Updater } from "@tanstack/react-query";

/**
 * The console's query cache: each query's answer kept under its key, read once however many
 * screens ask at the same moment, read again when it is older than `staleTime` or marked stale
 * (after a mutation), and forgotten a while after the last screen using it went. It does what
 * the console asked of TanStack Query (which weighed 10 KB gzip on every console page) and no
 * more; query-hooks.ts gives the screens their hooks on top of it. Keys and their matching are
 * TanStack's (the server still prefetches with it, server/trpc/rsc.tsx) but the types are the
 * only thing this file takes from it.
 */

export type { QueryKey };

/** A query's input that says "not yet": the query is disabled until there is an input. */
// Typed as TanStack's, the type `trpc.…queryOptions(input)` accepts.
export const skipToken: SkipToken = Symbol("skipToken") as never;
export type QueryStatus = "pending" | "success" | "error";

export interface QueryState<T = unknown> {
  data: T | undefined;
  error: unknown;
  status: QueryStatus;
  /** When `data` was read (ms since the epoch), 0 before it was. */
  updatedAt: number;
  fetching: boolean;
  /** Marked stale (after a mutation): read again at the next chance whatever its age. */
  invalidated: boolean;
}

/** Reads a query's value; the signal is aborted when no screen wants the answer any more. */
export type Fetcher<T = unknown> = (signal: AbortSignal) => Promise<T>;

interface Run {
  promise: Promise<unknown>;
  controller: AbortController;
}

/** What a mounted screen asks of a query (query-hooks.ts's useQuery registers one). */
export interface Observer {
  /** Asked again on invalidation, window focus and reconnection; absent while disabled. */
  fetcher?: Fetcher;
  staleTime?: number;
}

export interface Entry<T = unknown> {
  readonly key: QueryKey;
  readonly hash: string;
  state: QueryState<T>;
  run?: Run;
  observers: Set<Observer>;
  /** Told of every change of `state` (the screens' re-renders). */
  listeners: Set<() => void>;
  gcTimer?: ReturnType<typeof setTimeout>;
}

export interface QueryClientConfig {
  /** How long an answer is used without asking again (ms). */
  staleTime?: number;
  /** Whether to try again after `failures` failed attempts. */
  retry?: (failures: number, error: unknown) => boolean;
  /** Wait before the next attempt (ms). */
  retryDelay?: (failures: number) => number;
  /** How long a query no screen uses is kept (ms). */
  gcTime?: number;
}

/** The filter of invalidateQueries: every query whose key starts with `queryKey` (or is it). */
export interface QueryFilter {
  queryKey?: QueryKey;
  exact?: boolean;
}

const initialState: QueryState = {
  data: undefined,
  error: null,
  status: "pending",
  updatedAt: 0,
  fetching: false,
  invalidated: false,
};

/** A key as text, objects' properties sorted (TanStack's hashKey: equal keys, equal text). */
export function hashKey(key: QueryKey): string {
  return JSON.stringify(key, (_, value: unknown) =>
    isPlainObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `key` starts with `prefix`, objects compared on the prefix's own properties
 * (TanStack's partialMatchKey): `[["orders"]]` matches every query of the orders router.
 */
export function matchesPrefix(key: unknown, prefix: unknown): boolean {
  if (key === prefix) return true;
  if (!key || !prefix || typeof key !== "object" || typeof prefix !== "object") return false;
  const whole = key as Record<string, unknown>;
  return Object.entries(prefix).every(([k, v]) => matchesPrefix(whole[k], v));
}

/**
 * `next`, with the parts equal to `previous`'s (plain objects and arrays compared deeply) being
 * `previous`'s own, as TanStack's structural sharing: a screen whose effect depends on an
 * answer's part is not run again by a read that brought nothing new.
 */
export function keepEqual<T>(previous: unknown, next: T): T {
  if (previous === next) return next;
  const bothArrays = Array.isArray(previous) && Array.isArray(next);
  if (!bothArrays && !(isPlainObject(previous) && isPlainObject(next))) return next;
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const keys = Object.keys(after);
  let same = keys.length === Object.keys(before).length;
  const copy: Record<string, unknown> = bothArrays
    ? ([] as unknown as Record<string, unknown>)
    : {};
  for (const k of keys) {
    copy[k] = keepEqual(before[k], after[k]);
    if (copy[k] !== before[k] || !(k in before)) same = false;
  }
  return (same ? previous : copy) as T;
}

const abortable = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export class QueryClient {
  private entries = new Map<string, Entry>();
  private readonly staleTime: number;
  private readonly retry: (failures: number, error: unknown) => boolean;
  private readonly retryDelay: (failures: number) => number;
  private readonly gcTime: number;

  constructor(config: QueryClientConfig = {}) {
    this.staleTime = config.staleTime ?? 0;
    this.retry = config.retry ?? ((failures) => failures < 3);
    this.retryDelay = config.retryDelay ?? ((failures) => Math.min(1000 * 2 ** failures, 30_000));
    this.gcTime = config.gcTime ?? 5 * 60_000;
  }

  /** The query of `key`, made (empty, pending) the first time it is asked for. */
  entry<T>(key: QueryKey): Entry<T> {
    const hash = hashKey(key);
    let entry = this.entries.get(hash);
    if (!entry) {
      entry = { key, hash, state: initialState, observers: new Set(), listeners: new Set() };
      this.entries.set(hash, entry);
      this.scheduleGc(entry);
    }
    return entry as Entry<T>;
  }

  /** Calls `listener` on each change of the query's state, until the returned function. */
  listen(entry: Entry, listener: () => void): () => void {
    entry.listeners.add(listener);
    return () => void entry.listeners.delete(listener);
  }

  /**
   * A screen using the query: read now unless its answer is fresh. When the last screen goes
   * during a read, the read is called off (the query then reads as it did before it).
   */
  observe(entry: Entry, observer: Observer): () => void {
    clearTimeout(entry.gcTimer);
    entry.observers.add(observer);
    if (observer.fetcher && this.isStale(entry, observer.staleTime)) {
      this.fetch(entry, observer.fetcher).catch(() => undefined);
    }
    return () => {
      entry.observers.delete(observer);
      if (entry.observers.size > 0) return;
      entry.run?.controller.abort();
      this.scheduleGc(entry);
    };
  }

  isStale(entry: Entry, staleTime = this.staleTime): boolean {
    const { status, invalidated, updatedAt } = entry.state;
    return status !== "success" || invalidated || Date.now() - updatedAt >= staleTime;
  }

  /**
   * Reads the query: a read already under way is shared rather than sent twice, unless
   * `restart` (an invalidation, a refetch) calls it off for a new one, whose answer the first
   * one's callers then get too.
   */
  fetch<T>(
    entry: Entry<T>,
    fetcher: Fetcher<T>,
    { restart = false, once = false }: { restart?: boolean; once?: boolean } = {},
  ): Promise<T> {
    if (entry.run && !restart) return entry.run.promise as Promise<T>;
    entry.run?.controller.abort();
    const controller = new AbortController();
    const run: Run = { controller, promise: Promise.resolve() };
    const latest = () => (entry.run && entry.run !== run ? entry.run.promise : undefined);
    const read = once ? fetcher(controller.signal) : this.attempts(fetcher, controller.signal);
    run.promise = read.then(
      (data) => {
        const newer = latest();
        if (newer) return newer;
        entry.run = undefined;
        this.set(entry, {
          data: keepEqual(entry.state.data, data),
          error: null,
          status: "success",
          updatedAt: Date.now(),
          fetching: false,
          invalidated: false,
        });
        return data;
      },
      (error: unknown) => {
        const newer = latest();
        if (newer) return newer;
        entry.run = undefined;
        if (once) {
          // The server's read for the page failed: the browser reads it itself.
          this.set(entry, { ...entry.state, fetching: false });
          const own = this.screensFetcher(entry);
          if (own) return this.fetch(entry, own);
        } else if (controller.signal.aborted) {
          // Called off: the query stays as it was, to be read again by the next screen.
          this.set(entry, { ...entry.state, fetching: false });
        } else {
          this.set(entry, { ...entry.state, error, status: "error", fetching: false });
        }
        throw error;
      },
    );
    entry.run = run;
    if (!entry.state.fetching) this.set(entry, { ...entry.state, fetching: true });
    return run.promise as Promise<T>;
  }

  private async attempts<T>(fetcher: Fetcher<T>, signal: AbortSignal): Promise<T> {
    for (let failures = 0; ;) {
      try {
        return await fetcher(signal);
      } catch (error) {
        failures++;
        if (signal.aborted || !this.retry(failures - 1, error)) throw error;
        await abortable(this.retryDelay(failures - 1), signal);
      }
    }
  }

  /** The query's answer: the cached one while fresh, else read (as a one-off, no screen). */
  fetchQuery<O extends FetchOptions>(
    options: O,
  ): Promise<InferDataFromTag<unknown, O["queryKey"]>> {
    const entry = this.entry<InferDataFromTag<unknown, O["queryKey"]>>(options.queryKey);
    const staleTime = typeof options.staleTime === "number" ? options.staleTime : undefined;
    type Data = InferDataFromTag<unknown, O["queryKey"]>;
    if (!this.isStale(entry, staleTime)) return Promise.resolve(entry.state.data as Data);
    if (typeof options.queryFn !== "function") throw new Error("fetchQuery without a queryFn");
    return this.fetch(entry, fetcherOf(options.queryFn as QueryFn));
  }

  getQueryData<K extends QueryKey>(key: K): InferDataFromTag<unknown, K> | undefined {
    return this.entries.get(hashKey(key))?.state.data as InferDataFromTag<unknown, K> | undefined;
  }

  /** Puts an answer in the cache as if just read (an optimistic update, a pushed value). */
  setQueryData<K extends QueryKey>(
    key: K,
    updater: Updater<
      InferDataFromTag<unknown, K> | undefined,
      InferDataFromTag<unknown, K> | undefined
    >,
  ) {
    const entry = this.entry<InferDataFromTag<unknown, K>>(key);
    type Data = InferDataFromTag<unknown, K> | undefined;
    const data =
      typeof updater === "function" ? (updater as (old: Data) => Data)(entry.state.data) : updater;
    if (data === undefined) return;
    this.set(entry, {
      ...entry.state,
      data,
      error: null,
      status: "success",
      updatedAt: Date.now(),
      invalidated: false,
    });
  }

  /**
   * Marks the matching queries stale and reads again those a screen shows (the others when
   * next shown); resolves once those are read.
   */
  async invalidateQueries(filter: QueryFilter = {}): Promise<void> {
    const reads: Promise<unknown>[] = [];
    for (const entry of this.entries.values()) {
      if (!this.matches(entry, filter)) continue;
      this.set(entry, { ...entry.state, invalidated: true });
      const fetcher = this.screensFetcher(entry);
      if (fetcher) reads.push(this.fetch(entry, fetcher, { restart: true }).catch(() => undefined));
    }
    await Promise.all(reads);
  }

  /** Reads again the stale queries a screen shows (the window came back, the network too). */
  refetchStale() {
    for (const entry of this.entries.values()) {
      for (const { fetcher, staleTime } of entry.observers) {
        if (!fetcher || !this.isStale(entry, staleTime)) continue;
        this.fetch(entry, fetcher).catch(() => undefined);
        break;
      }
    }
  }

  /** Forgets every answer (another shop's data must not show); screens showing one read again. */
  clear() {
    const shown = [...this.entries.values()];
    this.entries.clear();
    for (const entry of shown) {
      entry.run?.controller.abort();
      clearTimeout(entry.gcTimer);
      // The screens re-render on a change of state, and then take the key's new (empty) query.
      this.set(entry, initialState);
    }
  }

  /**
   * Answers read by the server for the page: kept unless the cache has a newer one. `later`
   * is an answer still on its way, taken as the query's read under way.
   */
  hydrate(queries: readonly HydratedQuery[]) {
    for (const { key, data, updatedAt = 0, later } of queries) {
      const entry = this.entry(key);
      if (later) {
        if (entry.state.status === "success" || entry.run) continue;
        this.fetch(entry, () => later, { once: true }).catch(() => undefined);
      } else if (
        data !== undefined &&
        (entry.state.updatedAt < updatedAt || entry.state.status !== "success")
      ) {
        this.set(entry, {
          ...entry.state,
          data,
          error: null,
          status: "success",
          updatedAt,
          invalidated: false,
        });
      }
    }
  }

  /** Whether the cache has the query of `key` (hydration writes those it lacks at once). */
  has(key: QueryKey) {
    return this.entries.has(hashKey(key));
  }

  /** How a screen showing the query reads it (none while every one of them is disabled). */
  private screensFetcher(entry: Entry): Fetcher | undefined {
    for (const { fetcher } of entry.observers) if (fetcher) return fetcher;
  }

  private matches(entry: Entry, { queryKey, exact }: QueryFilter) {
    if (!queryKey) return true;
    return exact ? entry.hash === hashKey(queryKey) : matchesPrefix(entry.key, queryKey);
  }

  private set<T>(entry: Entry<T>, state: QueryState<T>) {
    entry.state = state;
    for (const listener of entry.listeners) listener();
  }

  private scheduleGc(entry: Entry) {
    clearTimeout(entry.gcTimer);
    entry.gcTimer = setTimeout(() => {
      if (entry.observers.size === 0 && !entry.run && this.entries.get(entry.hash) === entry) {
        this.entries.delete(entry.hash);
      }
    }, this.gcTime);
  }
}

/**
 * A query's `queryFn` as `trpc.<router>.<procedure>.queryOptions()` makes it (options-proxy.ts),
 * typed as TanStack's, which passes more than the signal: ours reads only the signal.
 */
export type QueryFn = (context: never) => unknown;

/** The read of a `queryFn`. */
export const fetcherOf =
  <T>(queryFn: QueryFn): Fetcher<T> =>
  (signal) =>
    (queryFn as (context: { signal: AbortSignal }) => Promise<T>)({ signal });

export interface FetchOptions {
  queryKey: QueryKey;
  /** As `trpc.…queryOptions(input)` types it (TanStack's); a function, never skipToken, here. */
  queryFn?: unknown;
  /** A number here (TanStack's type allows more). */
  staleTime?: unknown;
}

export interface HydratedQuery {
  key: QueryKey;
  data?: unknown;
  updatedAt?: number;
  later?: Promise<unknown>;
}

/**
 * What a screen shows of a query: its own state, or, while a new key is first read and the
 * screen asked for keepPreviousData, the answer it showed for the previous key.
 */
export function shownState<T>(
  state: QueryState<T>,
  entry: Entry,
  previous: { entry: Entry; data: unknown } | undefined,
  keepPrevious: boolean,
) {
  const placeholder =
    keepPrevious && state.status === "pending" && previous && previous.entry !== entry;
  return placeholder
    ? { data: previous.data as T, status: "success" as const, isPlaceholderData: true }
    : { data: state.data, status: state.status, isPlaceholderData: false };
}

/**
 * A mutation's options as `trpc.<router>.<procedure>.mutationOptions()` types them (TanStack's,
 * whose functions take one more argument, its context, which no screen reads and which is not
 * passed: hence the `never` rests).
 */
export interface MutationOptions<TData, TError, TVariables, TContext> {
  mutationFn?: (variables: TVariables, ...context: never[]) => Promise<TData>;
  onMutate?: (variables: TVariables, ...context: never[]) => TContext | Promise<TContext>;
  onSuccess?: (data: TData, variables: TVariables, context: TContext, ...rest: never[]) => unknown;
  onError?: (
    error: TError,
    variables: TVariables,
    context: TContext | undefined,
    ...rest: never[]
  ) => unknown;
  onSettled?: (
    data: TData | undefined,
    error: TError | null,
    variables: TVariables,
    context: TContext | undefined,
    ...rest: never[]
  ) => unknown;
}

/** A call's own callbacks (`mutate(input, { onSuccess })`), after the mutation's. */
export interface MutateCallbacks<TData, TError, TVariables> {
  onSuccess?: (data: TData, variables: TVariables) => void;
  onError?: (error: TError, variables: TVariables) => void;
  onSettled?: (data: TData | undefined, error: TError | null, variables: TVariables) => void;
}

export interface MutationState<TData, TError, TVariables> {
  status: "idle" | "pending" | "success" | "error";
  data: TData | undefined;
  error: TError | null;
  variables: TVariables | undefined;
}

/**
 * Runs a mutation, telling `setState` its states. Its callbacks run before it is settled, and
 * one returning a promise (an invalidation) is waited for, so a button stays busy until the
 * screen shows the new data; the call's own callbacks come last.
 */
export async function runMutation<TData, TError, TVariables, TContext>(
  options: MutationOptions<TData, TError, TVariables, TContext>,
  variables: TVariables,
  setState: (state: MutationState<TData, TError, TVariables>) => void,
  callbacks?: MutateCallbacks<TData, TError, TVariables>,
): Promise<TData> {
  const { mutationFn, onMutate, onSuccess, onError, onSettled } = options;
  setState({ status: "pending", data: undefined, error: null, variables });
  let context: TContext | undefined;
  try {
    context = await onMutate?.(variables);
    if (!mutationFn) throw new Error("a mutation without mutationFn");
    const data = await mutationFn(variables);
    await onSuccess?.(data, variables, context as TContext);
    await onSettled?.(data, null, variables, context);
    setState({ status: "success", data, error: null, variables });
    callbacks?.onSuccess?.(data, variables);
    callbacks?.onSettled?.(data, null, variables);
    return data;
  } catch (caught) {
    const error = caught as TError;
    await onError?.(error, variables, context);
    await onSettled?.(undefined, error, variables, context);
    setState({ status: "error", data: undefined, error, variables });
    callbacks?.onError?.(error, variables);
    callbacks?.onSettled?.(undefined, error, variables);
    throw error;
  }
}
