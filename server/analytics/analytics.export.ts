import { z } from "zod";
import { areaAccess } from "@/server/auth/roles.logic";
import { type ExportDefinition, type ExportScope } from "@/server/exports/export-route.service";
import { money, type ExportColumn, type ExportSource } from "@/server/exports/export.logic";
import { analyticsFilters, beforeAfterInput } from "./analytics.schema";
import type { refundFigures } from "./metrics.logic";
import {
  beforeAfter,
  compareMethods,
  overview,
  trafficHeatmap,
  whatIfFees,
} from "./analytics.service";

export const exportTables = [
  "trend",
  "stores",
  "methods",
  "traffic",
  "beforeAfter",
  "whatIf",
] as const;

/** The export link's query: which table, and the same filters as the screen. */
export const exportQuery = z.object({
  table: z.enum(exportTables),
  preset: analyticsFilters.shape.preset,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  storeId: z.uuid().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  methodId: z.uuid().optional(),
  adoptedOn: z.iso.date().optional(),
  days: z.coerce.number().int().min(7).max(180).default(30),
  sourceMethodId: z.uuid().optional(),
  targetMethodId: z.uuid().optional(),
});
export type ExportQuery = z.infer<typeof exportQuery>;

type RefundFigures = ReturnType<typeof refundFigures>;

const percent = (n: number | null) => (n === null ? null : Math.round(n * 10000) / 100);

/** A table already in memory (analytics tables are a few hundred rows at most: roll-ups). */
function table<Row>(name: string, columns: ExportColumn<Row>[], rows: Row[]): ExportSource<Row> {
  return {
    name,
    columns,
    pages: (async function* () {
      yield rows;
    })(),
  };
}

/**
 * One analytics table, from the same services as the screen, in the user's language: amounts
 * in major units with the currency in its own column, shares and rates in percent.
 */
export async function analyticsTable(s: ExportScope, q: ExportQuery) {
  const { db, merchantId, t } = s;
  const col = (key: string) => t(`analytics.columns.${key}`);
  const pct = (key: string) => `${col(key)} (%)`;
  const filters = {
    preset: q.preset,
    from: q.from,
    to: q.to,
    storeId: q.storeId,
    currency: q.currency,
  };
  const period = q.preset === "custom" ? `${q.from}_${q.to}` : q.preset;
  /** The refund figures, in the same order wherever they are broken down (stores, methods). */
  const refundColumns = <Row extends RefundFigures>(currency: string): ExportColumn<Row>[] => [
    { header: col("refunds"), value: (r) => r.refunds },
    { header: col("refunded"), value: (r) => money(r.refundedMinor, currency) },
    { header: pct("refundRate"), value: (r) => percent(r.refundRate) },
    { header: col("feesReturned"), value: (r) => money(r.refundFeeMinor, currency) },
    { header: col("net"), value: (r) => money(r.netMinor, currency) },
  ];

  switch (q.table) {
    case "trend": {
      const o = await overview(db, merchantId, filters);
      type Day = (typeof o.trend)[number];
      return table<Day>(
        `trend-${period}`,
        [
          { header: col("day"), value: (d) => d.day },
          { header: col("ordersOffered"), value: (d) => d.ordersOffered },
          { header: col("paidOrders"), value: (d) => d.paidOrders },
          { header: pct("conversion"), value: (d) => percent(d.conversion) },
          { header: col("gmv"), value: (d) => money(d.gmvMinor, o.currency) },
          { header: col("fees"), value: (d) => money(d.feeMinor, o.currency) },
          { header: col("refunded"), value: (d) => money(d.refundedMinor, o.currency) },
          { header: col("net"), value: (d) => money(d.netMinor, o.currency) },
          { header: col("currency"), value: () => o.currency },
        ],
        o.trend,
      );
    }
    case "stores": {
      const o = await overview(db, merchantId, filters);
      type Store = (typeof o.stores)[number];
      return table<Store>(
        `stores-${period}`,
        [
          { header: col("store"), value: (r) => r.store },
          { header: col("paidOrders"), value: (r) => r.paidOrders },
          { header: col("gmv"), value: (r) => money(r.gmvMinor, o.currency) },
          { header: col("fees"), value: (r) => money(r.feeMinor, o.currency) },
          ...refundColumns<Store>(o.currency),
          { header: col("currency"), value: () => o.currency },
        ],
        o.stores,
      );
    }
    case "methods": {
      const c = await compareMethods(db, merchantId, filters);
      type Method = (typeof c.methods)[number];
      return table<Method>(
        `methods-${period}`,
        [
          { header: col("method"), value: (m) => m.label },
          { header: col("paidOrders"), value: (m) => m.paidOrders },
          { header: pct("shareOfOrders"), value: (m) => percent(m.shareOfOrders) },
          { header: pct("shareOfAmount"), value: (m) => percent(m.shareOfAmount) },
          { header: pct("conversion"), value: (m) => percent(m.conversion) },
          { header: pct("failureRate"), value: (m) => percent(m.failureRate) },
          {
            header: col("topReasons"),
            value: (m) =>
              m.topReasons
                .map((r) => `${t(`orders.failure.short.${r.reason}`)} ${r.failures}`)
                .join("; "),
          },
          { header: col("gmv"), value: (m) => money(m.grossMinor, c.currency) },
          { header: col("fees"), value: (m) => money(m.feeMinor, c.currency) },
          { header: `${col("effectiveRate")} (bp)`, value: (m) => m.effectiveFeeBps },
          { header: col("promotionCost"), value: (m) => money(m.promotionCostMinor, c.currency) },
          { header: pct("promotionCostRate"), value: (m) => percent(m.promotionCostRate) },
          ...refundColumns<Method>(c.currency),
          { header: col("netPerOrder"), value: (m) => money(m.netPerOrderMinor, c.currency) },
          { header: col("currency"), value: () => c.currency },
          { header: col("settlementDays"), value: (m) => m.settlementDelayDays },
          { header: col("score"), value: (m) => (m.score === null ? null : Math.round(m.score)) },
        ],
        c.methods,
      );
    }
    case "traffic": {
      const h = await trafficHeatmap(db, merchantId, filters);
      type Cell = (typeof h.cells)[number];
      return table<Cell>(
        `traffic-${period}`,
        [
          { header: col("weekday"), value: (c) => t(`analytics.weekdays.${c.weekday}`) },
          { header: col("hour"), value: (c) => c.hour },
          { header: col("orders"), value: (c) => c.orders },
          { header: col("attempts"), value: (c) => c.attempts },
        ],
        h.cells,
      );
    }
    case "beforeAfter": {
      const r = await beforeAfter(
        db,
        merchantId,
        beforeAfterInput.parse({
          methodId: q.methodId,
          adoptedOn: q.adoptedOn,
          days: q.days,
          storeId: q.storeId,
          currency: q.currency,
        }),
      );
      const windows = (["before", "after"] as const).map((w) => ({ w, ...r[w] }));
      return table<(typeof windows)[number]>(
        `before-after-${q.adoptedOn}`,
        [
          { header: col("window"), value: (s) => t(`analytics.beforeAfter.${s.w}`) },
          { header: col("from"), value: (s) => s.range.from },
          { header: col("to"), value: (s) => s.range.to },
          { header: col("ordersOffered"), value: (s) => s.ordersOffered },
          { header: col("paidOrders"), value: (s) => s.paidOrders },
          { header: pct("conversion"), value: (s) => percent(s.conversion) },
          { header: col("gmv"), value: (s) => money(s.gmvMinor, r.currency) },
          { header: col("averageTicket"), value: (s) => money(s.averageTicketMinor, r.currency) },
          { header: col("currency"), value: () => r.currency },
          { header: pct("methodShare"), value: (s) => percent(s.methodShare) },
        ],
        windows,
      );
    }
    case "whatIf": {
      if (!q.targetMethodId) throw new z.ZodError([]);
      const w = await whatIfFees(db, merchantId, {
        filters,
        sourceMethodId: q.sourceMethodId,
        targetMethodId: q.targetMethodId,
      });
      type Store = (typeof w.stores)[number];
      return table<Store>(
        `what-if-${period}`,
        [
          { header: col("store"), value: (s) => s.store },
          { header: col("payments"), value: (s) => s.payments },
          { header: col("gmv"), value: (s) => money(s.grossMinor, w.currency) },
          { header: col("actualFees"), value: (s) => money(s.actualMinor, w.currency) },
          { header: col("repricedFees"), value: (s) => money(s.repricedMinor, w.currency) },
          { header: col("difference"), value: (s) => money(s.differenceMinor, w.currency) },
          { header: col("currency"), value: () => w.currency },
        ],
        w.stores,
      );
    }
  }
}

/** Owner, manager and analyst, like the analytics screens. */
export const analyticsExport: ExportDefinition<ExportQuery> = {
  roles: areaAccess.analytics,
  query: exportQuery,
  // Each table has its own row type; the route only passes rows back to their own columns.
  open: async (scope, q) => (await analyticsTable(scope, q)) as unknown as ExportSource<never>,
};
