"use client";

import type {
  InfiniteData,
  SkipToken,
  UseInfiniteQueryOptions,
  UseQueryOptions,
} from "@tanstack/react-query";
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import {
  fetcherOf,
  runMutation,
  shownState,
  type Entry,
  type Fetcher,
  type MutateCallbacks,
  type MutationOptions,
  type MutationState,
  type QueryClient,
  type QueryFn,
} from "./query-store";

export { skipToken } from "./query-store";

/**
 * The screens' hooks on the console's query cache (query-store.ts), named and shaped as
 * TanStack Query's so that a screen reads the same: `useQuery(trpc.a.b.queryOptions(input))`,
 * `useMutation(trpc.a.b.mutationOptions({ onSuccess }))`, `useQueryClient().invalidateQueries`.
 * The option types are TanStack's (`trpc.…queryOptions()` is typed with them), but only
 * `queryKey`, `queryFn`, `enabled`, `staleTime`, `refetchInterval` (a number) and
 * `placeholderData: keepPreviousData` are read, and of infinite queries `initialPageParam`
 * and `getNextPageParam`: the options the console uses.
 */

/** As `placeholderData`: while a new key's answer is read, the previous key's is shown. */
export function keepPreviousData<T>(previous: T | undefined): T | undefined {
  return previous;
}

const ClientContext = createContext<QueryClient | null>(null);

export function QueryClientProvider({
  client,
  children,
}: {
  client: QueryClient;
  children: ReactNode;
}) {
  useEffect(() => {
    // As TanStack did: a console left in the background reads its stale queries when back.
    const back = () => document.visibilityState === "visible" && client.refetchStale();
    const online = () => client.refetchStale();
    document.addEventListener("visibilitychange", back);
    window.addEventListener("online", online);
    return () => {
      document.removeEventListener("visibilitychange", back);
      window.removeEventListener("online", online);
    };
  }, [client]);
  return createElement(ClientContext.Provider, { value: client }, children);
}

export function useQueryClient(): QueryClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useQueryClient outside QueryClientProvider");
  return client;
}

interface QueryResultBase {
  /** A read is under way (the first or a later one). */
  isFetching: boolean;
  /** `data` is the previous key's, shown by keepPreviousData while this key's is read. */
  isPlaceholderData: boolean;
  refetch: () => Promise<unknown>;
}

/** A query's state for a screen, narrowed by `status` or its flags as TanStack's was. */
export type QueryResult<TData, TError> = QueryResultBase &
  (
    | {
        /** No answer yet (a disabled query without one included). */
        status: "pending";
        isPending: true;
        isSuccess: false;
        isError: false;
        data: undefined;
        error: null;
      }
    | {
        status: "success";
        isPending: false;
        isSuccess: true;
        isError: false;
        data: TData;
        error: null;
      }
    | {
        status: "error";
        isPending: false;
        isSuccess: false;
        isError: true;
        data: undefined;
        error: TError;
      }
    | {
        /** Read again and refused: the last answer still shown. */
        status: "error";
        isPending: false;
        isSuccess: false;
        isError: true;
        data: TData;
        error: TError;
      }
  );

interface ReadOptions {
  enabled?: unknown;
  staleTime?: unknown;
  refetchInterval?: unknown;
  placeholderData?: unknown;
}

/** What useQuery and useInfiniteQuery share: the query's state, read when it should be. */
function useCachedQuery<TData, TError>(
  key: readonly unknown[],
  fetcher: Fetcher | undefined,
  options: ReadOptions,
): QueryResult<TData, TError> {
  const client = useQueryClient();
  const entry = client.entry(key);
  const state = useSyncExternalStore(
    useCallback((listener) => client.listen(entry, listener), [client, entry]),
    () => entry.state,
    () => entry.state,
  );
  const latest = useRef(fetcher);
  useEffect(() => {
    latest.current = fetcher;
  });
  // The latest render's read, for reads started later (an invalidation, the interval).
  const read: Fetcher = (signal) =>
    latest.current ? latest.current(signal) : Promise.reject(new Error("query disabled"));
  const enabled = !!fetcher && options.enabled !== false;
  const staleTime = typeof options.staleTime === "number" ? options.staleTime : undefined;
  useEffect(
    () =>
      client.observe(entry, {
        fetcher: enabled ? read : undefined,
        staleTime,
      }),
    [client, entry, enabled, staleTime],
  );
  const interval = typeof options.refetchInterval === "number" ? options.refetchInterval : 0;
  useEffect(() => {
    if (!enabled || !interval) return;
    const timer = setInterval(() => {
      // As TanStack does by default: not while the console is in the background.
      if (document.visibilityState !== "hidden") {
        client.fetch(entry, read).catch(() => undefined);
      }
    }, interval);
    return () => clearInterval(timer);
  }, [client, entry, enabled, interval]);

  // The last answer this screen showed, for keepPreviousData (stored while rendering, as React
  // documents for information from previous renders).
  const [shown, setShown] = useState<{ entry: Entry; data: unknown }>();
  const keepsPrevious = typeof options.placeholderData === "function";
  if (keepsPrevious && state.status === "success" && shown?.data !== state.data) {
    setShown({ entry, data: state.data });
  }
  const shownNow = shownState(state, entry, shown, keepsPrevious);
  const placeholder = shownNow.isPlaceholderData
    ? (options.placeholderData as (previous: unknown) => unknown)(shownNow.data)
    : undefined;
  const isPlaceholderData = placeholder !== undefined;
  const status = isPlaceholderData ? "success" : state.status;
  return {
    data: isPlaceholderData ? placeholder : state.data,
    error: status === "error" ? state.error : null,
    status,
    isPending: status === "pending",
    isSuccess: status === "success",
    isError: status === "error",
    isFetching: state.fetching,
    isPlaceholderData,
    refetch: () =>
      fetcher
        ? client.fetch(entry, fetcher, { restart: true }).catch(() => undefined)
        : Promise.resolve(),
  } as QueryResult<TData, TError>;
}

const readerOf = (queryFn: QueryFn | SkipToken | undefined) =>
  typeof queryFn === "function" ? fetcherOf(queryFn) : undefined;

export function useQuery<TQueryFnData, TError, TData, TQueryKey extends readonly unknown[]>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): QueryResult<TData, TError> {
  return useCachedQuery<TData, TError>(
    options.queryKey,
    readerOf(options.queryFn as QueryFn | SkipToken | undefined),
    options,
  );
}

export type InfiniteQueryResult<TData, TError> = QueryResult<TData, TError> & {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

type PageReader = (context: {
  pageParam: unknown;
  direction: "forward";
  signal: AbortSignal;
}) => Promise<unknown>;

/**
 * A list read page by page: the first page, then each `fetchNextPage` one more; read again
 * (invalidated), every page shown is read again from the first.
 */
export function useInfiniteQuery<
  TQueryFnData,
  TError,
  TData,
  TQueryKey extends readonly unknown[],
  TPageParam,
>(
  options: UseInfiniteQueryOptions<TQueryFnData, TError, TData, TQueryKey, TPageParam>,
): InfiniteQueryResult<TData, TError> {
  const client = useQueryClient();
  const readPage =
    typeof options.queryFn === "function" ? (options.queryFn as unknown as PageReader) : undefined;
  const nextParam = (pages: unknown[], params: unknown[]) =>
    (
      options.getNextPageParam as (
        last: unknown,
        all: unknown[],
        lastParam: unknown,
        allParams: unknown[],
      ) => unknown
    )(pages.at(-1), pages, params.at(-1), params);
  type Pages = InfiniteData<unknown, unknown>;
  const entry = client.entry<Pages>(options.queryKey);
  const readPages: Fetcher<Pages> | undefined =
    readPage &&
    (async (signal) => {
      const wanted = Math.max(entry.state.data?.pages.length ?? 0, 1);
      const pages: unknown[] = [];
      const pageParams: unknown[] = [];
      for (let param: unknown = options.initialPageParam; pages.length < wanted;) {
        pages.push(await readPage({ pageParam: param, direction: "forward", signal }));
        pageParams.push(param);
        param = nextParam(pages, pageParams);
        if (param === undefined || param === null) break;
      }
      return { pages, pageParams };
    });
  const result = useCachedQuery<TData, TError>(
    options.queryKey,
    readPages as Fetcher | undefined,
    options,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const loaded = entry.state.data;
  const next = loaded && nextParam(loaded.pages, loaded.pageParams);
  const hasNextPage = next !== undefined && next !== null;
  return {
    ...result,
    hasNextPage,
    isFetchingNextPage: loadingMore,
    fetchNextPage: async () => {
      if (!readPage || !loaded || !hasNextPage) return;
      setLoadingMore(true);
      try {
        await client.fetch(entry, async (signal) => {
          const page = await readPage({ pageParam: next, direction: "forward", signal });
          return { pages: [...loaded.pages, page], pageParams: [...loaded.pageParams, next] };
        });
      } catch {
        // Shown by the query's error state.
      } finally {
        setLoadingMore(false);
      }
    },
  };
}

/** A mutation's state for a screen, narrowed by `status` or its flags as TanStack's was. */
export type MutationResult<TData, TError, TVariables> = {
  /** Runs the mutation; a failure is only told (to the callbacks and the state). */
  mutate: (variables: TVariables, callbacks?: MutateCallbacks<TData, TError, TVariables>) => void;
  /** Runs the mutation: its answer, or its failure thrown. */
  mutateAsync: (
    variables: TVariables,
    callbacks?: MutateCallbacks<TData, TError, TVariables>,
  ) => Promise<TData>;
  reset: () => void;
} & (
  | {
      status: "idle";
      isIdle: true;
      isPending: false;
      isSuccess: false;
      isError: false;
      data: undefined;
      error: null;
      variables: undefined;
    }
  | {
      status: "pending";
      isIdle: false;
      isPending: true;
      isSuccess: false;
      isError: false;
      data: undefined;
      error: null;
      variables: TVariables;
    }
  | {
      status: "success";
      isIdle: false;
      isPending: false;
      isSuccess: true;
      isError: false;
      data: TData;
      error: null;
      variables: TVariables;
    }
  | {
      status: "error";
      isIdle: false;
      isPending: false;
      isSuccess: false;
      isError: true;
      data: undefined;
      error: TError;
      variables: TVariables;
    }
);

const idle = { status: "idle", data: undefined, error: null, variables: undefined } as const;

/** A mutation's state for a screen (runMutation runs it). */
export function useMutation<TData, TError, TVariables = void, TContext = unknown>(
  options: MutationOptions<TData, TError, TVariables, TContext>,
): MutationResult<TData, TError, TVariables> {
  const [state, setState] = useState<MutationState<TData, TError, TVariables>>(idle);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const mutateAsync = useCallback(
    (variables: TVariables, callbacks?: MutateCallbacks<TData, TError, TVariables>) =>
      runMutation(latest.current, variables, setState, callbacks),
    [],
  );
  const mutate = useCallback(
    (variables: TVariables, callbacks?: MutateCallbacks<TData, TError, TVariables>) =>
      void mutateAsync(variables, callbacks).catch(() => undefined),
    [mutateAsync],
  );
  const reset = useCallback(() => setState(idle), []);
  return {
    ...state,
    isIdle: state.status === "idle",
    isPending: state.status === "pending",
    isSuccess: state.status === "success",
    isError: state.status === "error",
    mutate,
    mutateAsync,
    reset,
  } as MutationResult<TData, TError, TVariables>;
}
