import type { QueryFunctionContext } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/trpc/root";
import { networkError } from "./call";
import { mutate, query } from "./console-calls";
import { skipToken } from "./query-store";
import type { subscribe } from "./use-subscription";

/**
 * `trpc.<router>.<procedure>.queryOptions(input)` and its kin for the query hooks
 * (query-hooks.ts), typed as @trpc/tanstack-react-query's proxy (a type import only) but
 * without its runtime nor @trpc/client's, which the bundler could not trim from every console
 * page. Only what the
 * screens use is here; another utility throws, to be added here when a screen needs it.
 */

type KeyType = "query" | "infinite" | "any";

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);

/**
 * A procedure's (or, `any` without input, a router's) TanStack Query key, written exactly as
 * tRPC's getQueryKeyInternal writes it: the server components prefetch with tRPC's own proxy
 * (server/trpc/rsc.tsx), and the browser must find those queries under the same keys and
 * invalidate them by the same prefixes. options-proxy.test.ts holds the two to each other.
 */
function queryKeyOf(path: string[], input: unknown, type: KeyType): unknown[] {
  if (input === undefined && type === "any") return path.length ? [path] : [];
  if (type === "infinite" && isObject(input) && ("cursor" in input || "direction" in input))
    return [path, { input: pageless(input), type }];
  return [
    path,
    {
      ...(input !== undefined && input !== skipToken ? { input } : {}),
      ...(type !== "any" ? { type } : {}),
    },
  ];
}

/** An infinite query's input without its page (the cursor, the direction of paging). */
function pageless(input: Record<string, unknown>) {
  const rest = { ...input };
  delete rest.cursor;
  delete rest.direction;
  return rest;
}

type Options = Record<string, unknown> | undefined;

function utility(path: string[], name: string | undefined, [arg1, arg2]: unknown[]): unknown {
  const dotted = path.join(".");
  const trpc = { path: dotted };
  const opts = arg2 as Options;
  switch (name) {
    case "pathKey":
      return queryKeyOf(path, undefined, "any");
    case "pathFilter":
      return { ...(arg1 as Options), queryKey: queryKeyOf(path, undefined, "any") };
    case "queryKey":
      return queryKeyOf(path, arg1, "query");
    case "queryOptions":
      return {
        ...opts,
        queryKey: queryKeyOf(path, arg1, "query"),
        queryFn:
          arg1 === skipToken
            ? skipToken
            : ({ signal }: QueryFunctionContext) => query(dotted, arg1, signal),
        trpc,
      };
    case "infiniteQueryOptions": {
      const input = isObject(arg1) ? arg1 : {};
      return {
        ...opts,
        queryKey: queryKeyOf(path, arg1, "infinite"),
        queryFn:
          arg1 === skipToken
            ? skipToken
            : ({ pageParam, direction, signal }: QueryFunctionContext<unknown[], unknown>) =>
                query(
                  dotted,
                  {
                    ...pageless(input),
                    ...(pageParam !== undefined ? { cursor: pageParam } : {}),
                    direction,
                  },
                  signal,
                ),
        initialPageParam: input.cursor,
        trpc,
      };
    }
    case "mutationOptions":
      return {
        ...(arg1 as Options),
        mutationKey: [path],
        mutationFn: (input: unknown) => mutate(dotted, input),
        trpc,
      };
    case "subscriptionOptions":
      return {
        ...opts,
        enabled: opts && "enabled" in opts ? !!opts.enabled : arg1 !== skipToken,
        queryKey: queryKeyOf(path, arg1, "any"),
        subscribe: (on: Parameters<typeof subscribe>[2]) => subscribeLater(dotted, arg1, on),
        trpc,
      };
    default:
      throw new Error(`app/_trpc/options-proxy.ts has no ${dotted}.${name} yet`);
  }
}

/**
 * A subscription, its stream's code loaded when one starts: one screen (an order's page)
 * subscribes, and this module is on every console page. Called off before it is loaded, it
 * never starts.
 */
function subscribeLater(...args: Parameters<typeof subscribe>): ReturnType<typeof subscribe> {
  let subscription: ReturnType<typeof subscribe> | undefined;
  let off = false;
  import("./use-subscription").then(
    ({ subscribe }) => {
      if (!off) subscription = subscribe(...args);
    },
    (cause: unknown) => {
      if (!off) args[2].onError?.(networkError(cause));
    },
  );
  return {
    unsubscribe: () => {
      off = true;
      subscription?.unsubscribe();
    },
  };
}

/** `trpc.a.b.queryOptions(…)`: the path read property by property, the utility on the call. */
function pathProxy(path: string[]): unknown {
  return new Proxy(() => undefined, {
    get: (_fn, key) => (typeof key === "string" ? pathProxy([...path, key]) : undefined),
    apply: (_fn, _this, args: unknown[]) => utility(path.slice(0, -1), path.at(-1), args),
  });
}

export const trpcOptions = pathProxy([]) as TRPCOptionsProxy<AppRouter>;
