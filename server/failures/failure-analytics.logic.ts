import { eachDay } from "@/server/time/local-date.logic";

/**
 * One cell of the attempts cube, read from the daily roll-ups: the ended attempts (succeeded,
 * failed or expired) and the failures of a method × store × local day, by request time.
 */
export interface AttemptCell {
  methodId: string;
  methodLabel: string;
  methodKind: string;
  storeId: string;
  storeName: string;
  /** Local date in the merchant's zone. */
  day: string;
  attempts: number;
  failures: number;
}

/** Ended attempts and failures of one local hour of the day (0–23), over the whole period. */
export interface HourCell {
  hour: number;
  attempts: number;
  failures: number;
}

/** Failed or expired attempts of a reason × method kind. */
export interface FailureCell {
  reason: string;
  methodKind: string;
  count: number;
}

export interface Rate {
  attempts: number;
  failures: number;
  /** failures ÷ attempts, or null with no attempts. */
  rate: number | null;
}

function rate(attempts: number, failures: number): Rate {
  return { attempts, failures, rate: attempts > 0 ? failures / attempts : null };
}

function sumBy<T, K extends string | number>(
  cells: T[],
  keyOf: (c: T) => K,
  valueOf: (c: T) => [number, number],
) {
  const out = new Map<K, [number, number]>();
  for (const c of cells) {
    const k = keyOf(c);
    const [a, f] = valueOf(c);
    const acc = out.get(k) ?? [0, 0];
    out.set(k, [acc[0] + a, acc[1] + f]);
  }
  return out;
}

/**
 * The cubes folded into what the page shows: totals, rates by method, store, hour of day and
 * day, top reasons, and reason × method counts.
 */
export function summarizeFailures(
  attempts: AttemptCell[],
  hourCells: HourCell[],
  failures: FailureCell[],
  range: { from: string; to: string },
) {
  const pair = (c: { attempts: number; failures: number }): [number, number] => [
    c.attempts,
    c.failures,
  ];
  const total = attempts.reduce(
    (s, c) => ({ attempts: s.attempts + c.attempts, failures: s.failures + c.failures }),
    { attempts: 0, failures: 0 },
  );

  const methods = new Map(attempts.map((c) => [c.methodId, c]));
  const byMethod = [...sumBy(attempts, (c) => c.methodId, pair)]
    .map(([id, [a, f]]) => ({
      methodId: id,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the ids are summed from the same rows the map is built from
      methodLabel: methods.get(id)!.methodLabel,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the ids are summed from the same rows the map is built from
      methodKind: methods.get(id)!.methodKind,
      ...rate(a, f),
    }))
    .sort((x, y) => y.attempts - x.attempts);

  const stores = new Map(attempts.map((c) => [c.storeId, c.storeName]));
  const byStore = [...sumBy(attempts, (c) => c.storeId, pair)]
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the ids are summed from the same rows the map is built from
    .map(([id, [a, f]]) => ({ storeId: id, storeName: stores.get(id)!, ...rate(a, f) }))
    .sort((x, y) => y.attempts - x.attempts);

  const hours = sumBy(hourCells, (c) => c.hour, pair);
  const byHour = Array.from({ length: 24 }, (_, h) => {
    const [a, f] = hours.get(h) ?? [0, 0];
    return { hour: h, ...rate(a, f) };
  });

  const days = sumBy(attempts, (c) => c.day, pair);
  // Every day of the range, so the trend shows quiet days as 0 (the input allows 366 days).
  const byDay = eachDay(range, 400).map((day) => {
    const [a, f] = days.get(day) ?? [0, 0];
    return { day, ...rate(a, f) };
  });

  const reasons = sumBy(
    failures,
    (c) => c.reason,
    (c) => [c.count, 0],
  );
  const failureCount = failures.reduce((s, c) => s + c.count, 0);
  const topReasons = [...reasons]
    .map(([reason, [count]]) => ({
      reason,
      count,
      share: failureCount > 0 ? count / failureCount : 0,
    }))
    .sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason));

  const matrix = [
    ...sumBy(
      failures,
      (c) => `${c.reason}|${c.methodKind}`,
      (c) => [c.count, 0],
    ),
  ]
    .map(([key, [count]]) => {
      const [reason, methodKind] = key.split("|") as [string, string];
      return { reason, methodKind, count };
    })
    .sort((x, y) => y.count - x.count);

  return {
    total: rate(total.attempts, total.failures),
    byMethod,
    byStore,
    byHour,
    byDay,
    topReasons,
    matrix,
  };
}

/**
 * Recovery: of the orders that had a failure in the period, how many were paid in the end, and
 * the money that came in (per currency: minor units of different currencies never add up).
 * From the recovery roll-up's cells: failed and recovered orders and recovered money, each in
 * one currency.
 */
export function recoverySummary(
  cells: {
    currency: string;
    failedOrders: number;
    recoveredOrders: number;
    recoveredMinor: bigint;
  }[],
) {
  const money = new Map<string, bigint>();
  let failedOrders = 0;
  let recoveredOrders = 0;
  for (const c of cells) {
    failedOrders += c.failedOrders;
    recoveredOrders += c.recoveredOrders;
    if (c.recoveredOrders > 0)
      money.set(c.currency, (money.get(c.currency) ?? 0n) + c.recoveredMinor);
  }
  return {
    failedOrders,
    recoveredOrders,
    rate: failedOrders > 0 ? recoveredOrders / failedOrders : null,
    recoveredMoney: [...money]
      .map(([currency, amountMinor]) => ({ currency, amountMinor }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
