import { z } from "zod";
import { loadMessages } from "@/app/_i18n/messages";
import type { createCaller } from "@/server/trpc/root";
import { analyticsFilters } from "./analytics.schema";
import type { Cell, ExportTable } from "./export.logic";

type Caller = ReturnType<typeof createCaller>;

export const exportTables = ["trend", "methods", "traffic", "beforeAfter", "whatIf"] as const;

/** The export link's query: which table, which format, the same filters as the screen. */
export const exportQuery = z.object({
  table: z.enum(exportTables),
  format: z.enum(["csv", "xlsx"]),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
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

const percent = (n: number | null) => (n === null ? null : Math.round(n * 10000) / 100);

/**
 * The rows of one analytics table, fetched through the same procedures as the screen (so
 * the same role and tenant checks apply), headed in the chosen language.
 */
export async function buildExportTable(caller: Caller, q: ExportQuery): Promise<ExportTable> {
  const messages = loadMessages(q.locale) as {
    analytics: { columns: Record<string, string>; weekdays: string[] };
    orders: { failure: { short: Record<string, string> } };
  };
  const reason = (r: string) => messages.orders.failure.short[r] ?? r;
  const col = messages.analytics.columns;
  const filters = {
    preset: q.preset,
    from: q.from,
    to: q.to,
    storeId: q.storeId,
    currency: q.currency,
  };
  const pct = (label: string) => `${label} (%)`;
  const money = (label: string, currency: string) => `${label} (${currency})`;
  const table = (name: string, currency: string, columns: string[], rows: Cell[][]) => ({
    name,
    currency,
    columns,
    rows,
  });

  switch (q.table) {
    case "trend": {
      const o = await caller.analytics.overview(filters);
      return table(
        "trend",
        o.currency,
        [
          col.day!,
          col.ordersOffered!,
          col.paidOrders!,
          pct(col.conversion!),
          money(col.gmv!, o.currency),
          money(col.fees!, o.currency),
        ],
        o.trend.map((d) => [
          d.day,
          d.ordersOffered,
          d.paidOrders,
          percent(d.conversion),
          { minor: d.gmvMinor },
          { minor: d.feeMinor },
        ]),
      );
    }
    case "methods": {
      const c = await caller.analytics.compareMethods(filters);
      return table(
        "methods",
        c.currency,
        [
          col.method!,
          col.paidOrders!,
          pct(col.shareOfOrders!),
          pct(col.shareOfAmount!),
          pct(col.conversion!),
          pct(col.failureRate!),
          col.topReasons!,
          money(col.gmv!, c.currency),
          money(col.fees!, c.currency),
          `${col.effectiveRate} (bp)`,
          money(col.netPerOrder!, c.currency),
          col.settlementDays!,
          col.score!,
        ],
        c.methods.map((m) => [
          m.label,
          m.paidOrders,
          percent(m.shareOfOrders),
          percent(m.shareOfAmount),
          percent(m.conversion),
          percent(m.failureRate),
          m.topReasons.map((r) => `${reason(r.reason)} ${r.failures}`).join("; "),
          { minor: m.grossMinor },
          { minor: m.feeMinor },
          m.effectiveFeeBps,
          m.netPerOrderMinor === null ? null : { minor: m.netPerOrderMinor },
          m.settlementDelayDays,
          m.score === null ? null : Math.round(m.score),
        ]),
      );
    }
    case "traffic": {
      const t = await caller.analytics.traffic(filters);
      const currency = q.currency ?? "";
      return table(
        "traffic",
        currency,
        [col.weekday!, col.hour!, col.orders!, col.attempts!],
        t.cells.map((c) => [
          messages.analytics.weekdays[c.weekday - 1]!,
          c.hour,
          c.orders,
          c.attempts,
        ]),
      );
    }
    case "beforeAfter": {
      if (!q.methodId || !q.adoptedOn) throw new z.ZodError([]);
      const r = await caller.analytics.beforeAfter({
        methodId: q.methodId,
        adoptedOn: q.adoptedOn,
        days: q.days,
        storeId: q.storeId,
        currency: q.currency,
      });
      return table(
        "before-after",
        r.currency,
        [
          col.window!,
          col.from!,
          col.to!,
          col.ordersOffered!,
          col.paidOrders!,
          pct(col.conversion!),
          money(col.gmv!, r.currency),
          money(col.averageTicket!, r.currency),
          pct(col.methodShare!),
        ],
        (["before", "after"] as const).map((w) => {
          const s = r[w];
          return [
            w,
            s.range.from,
            s.range.to,
            s.ordersOffered,
            s.paidOrders,
            percent(s.conversion),
            { minor: s.gmvMinor },
            s.averageTicketMinor === null ? null : { minor: s.averageTicketMinor },
            percent(s.methodShare),
          ];
        }),
      );
    }
    case "whatIf": {
      if (!q.targetMethodId) throw new z.ZodError([]);
      const w = await caller.analytics.whatIfFees({
        filters,
        sourceMethodId: q.sourceMethodId,
        targetMethodId: q.targetMethodId,
      });
      return table(
        "what-if",
        w.currency,
        [
          col.store!,
          col.payments!,
          money(col.gmv!, w.currency),
          money(col.actualFees!, w.currency),
          money(col.repricedFees!, w.currency),
          money(col.difference!, w.currency),
        ],
        w.stores.map((s) => [
          s.store,
          s.payments,
          { minor: s.grossMinor },
          { minor: s.actualMinor },
          { minor: s.repricedMinor },
          { minor: s.differenceMinor },
        ]),
      );
    }
  }
}
