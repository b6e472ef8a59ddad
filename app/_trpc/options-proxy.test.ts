import { QueryClient, skipToken as theirSkipToken } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { appRouter, type AppRouter } from "@/server/trpc/root";
import { trpcOptions as ours } from "./options-proxy";
import { skipToken } from "./query-store";

// tRPC's own proxy, as the server components prefetch with it (server/trpc/rsc.tsx): its keys
// are the ones the browser must find the prefetched queries under. Nothing is called here.
const theirs = createTRPCOptionsProxy<AppRouter>({
  router: appRouter,
  ctx: () => ({}) as never,
  queryClient: new QueryClient(),
});

const orderId = "0b6f3a52-8f0e-4d2c-9a4e-6c1f1f6f1a01";
const listInput = {
  status: undefined,
  from: new Date("2026-01-02T03:04:05Z"),
  cursor: undefined,
  limit: 20,
};

describe("the console's tRPC proxy writes TanStack Query keys as tRPC does", () => {
  it("a query's key, with an input, without one, with undefined fields", () => {
    expect(ours.orders.byId.queryKey({ orderId })).toEqual(
      theirs.orders.byId.queryKey({ orderId }),
    );
    expect(ours.account.stepUpStatus.queryKey()).toEqual(theirs.account.stepUpStatus.queryKey());
    expect(ours.orders.list.queryKey(listInput as never)).toStrictEqual(
      theirs.orders.list.queryKey(listInput as never),
    );
    expect(ours.orders.byId.queryOptions({ orderId }).queryKey).toStrictEqual(
      theirs.orders.byId.queryOptions({ orderId }).queryKey,
    );
  });

  it("a router's and a procedure's key and filter (invalidation by prefix)", () => {
    expect(ours.refunds.pathKey()).toStrictEqual(theirs.refunds.pathKey());
    expect(ours.orders.list.pathKey()).toStrictEqual(theirs.orders.list.pathKey());
    expect(ours.refunds.pathFilter()).toStrictEqual(theirs.refunds.pathFilter());
    expect(ours.guides.pathFilter({ stale: true })).toStrictEqual(
      theirs.guides.pathFilter({ stale: true }),
    );
  });

  it("an infinite query's key leaves the page (cursor, direction) out", () => {
    const withCursor = { limit: 25, cursor: "abc" };
    const without = { limit: 25, storeId: "s1" };
    const oursWith = ours.vouchers.redemptions.infiniteQueryOptions(withCursor as never, {
      getNextPageParam: () => undefined,
    });
    const theirsWith = theirs.vouchers.redemptions.infiniteQueryOptions(withCursor as never, {
      getNextPageParam: () => undefined,
    });
    expect(oursWith.queryKey).toStrictEqual(theirsWith.queryKey);
    expect(oursWith.initialPageParam).toBe(theirsWith.initialPageParam);
    expect(
      ours.vouchers.redemptions.infiniteQueryOptions(without as never, {
        getNextPageParam: () => undefined,
      }).queryKey,
    ).toStrictEqual(
      theirs.vouchers.redemptions.infiniteQueryOptions(without as never, {
        getNextPageParam: () => undefined,
      }).queryKey,
    );
  });

  it("a mutation's key and a subscription's", () => {
    expect(ours.orders.cancel.mutationOptions().mutationKey).toStrictEqual(
      theirs.orders.cancel.mutationOptions().mutationKey,
    );
    expect(ours.orders.watch.subscriptionOptions({ orderId }).queryKey).toStrictEqual(
      theirs.orders.watch.subscriptionOptions({ orderId }).queryKey,
    );
  });

  it("skipToken: the same key, no query function, the subscription off", () => {
    const skipped = ours.orders.byId.queryOptions(skipToken);
    expect(skipped.queryKey).toStrictEqual(
      theirs.orders.byId.queryOptions(theirSkipToken).queryKey,
    );
    expect(skipped.queryFn).toBe(skipToken);
    expect(ours.orders.watch.subscriptionOptions(skipToken).enabled).toBe(false);
    expect(ours.orders.watch.subscriptionOptions({ orderId }).enabled).toBe(true);
    expect(ours.orders.watch.subscriptionOptions({ orderId }, { enabled: false }).enabled).toBe(
      false,
    );
  });

  it("keeps the screen's own options beside its key and query function", () => {
    const options = ours.orders.byId.queryOptions({ orderId }, { staleTime: 5, retry: false });
    expect(options).toMatchObject({ staleTime: 5, retry: false, trpc: { path: "orders.byId" } });
    const onSuccess = () => undefined;
    expect(ours.orders.cancel.mutationOptions({ onSuccess }).onSuccess).toBe(onSuccess);
  });

  it("says so when a screen asks for a utility it does not provide", () => {
    expect(() => ours.orders.byId.queryFilter({ orderId })).toThrow(/options-proxy/);
  });
});
