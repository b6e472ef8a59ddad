import { TRPCError } from "@trpc/server";
import { minorToMajorString } from "@/server/money/currency";
import { createRequestContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { csvLine } from "./csv.logic";
import { formatCode } from "./voucher-code.logic";
import { listRedemptionsInput } from "./voucher.schema";

const header = [
  "redeemed_at_utc",
  "code",
  "order_number",
  "store",
  "staff",
  "device_id",
  "value",
  "currency",
  "uses_left",
  "uses_total",
  "reversed_at_utc",
  "reversed_by",
  "reverse_reason",
];

/**
 * GET /api/vouchers/redemptions.csv?<the log's filters>: the whole filtered redemption log,
 * streamed page by page through the same role-checked procedure the screen uses.
 */
export async function redemptionsCsvRouteHandler(req: Request): Promise<Response> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const filters = listRedemptionsInput.omit({ cursor: true, limit: true }).safeParse(params);
  if (!filters.success) return new Response("Bad filters", { status: 400 });
  const caller = createCaller(await createRequestContext(req.headers));
  let first;
  try {
    first = await caller.vouchers.exportPage({ ...filters.data, limit: 100 });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "UNAUTHORIZED" || err.code === "FORBIDDEN"))
      return new Response(err.message, { status: err.code === "UNAUTHORIZED" ? 401 : 403 });
    throw err;
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A byte-order mark, so Excel opens the UTF-8 (Chinese names) correctly.
      controller.enqueue(encoder.encode("\uFEFF" + csvLine(header)));
      let page = first;
      for (;;) {
        for (const r of page.rows) {
          controller.enqueue(
            encoder.encode(
              csvLine([
                r.redeemedAt.toISOString(),
                formatCode(r.code),
                r.orderNumber,
                r.storeName,
                r.staffName,
                r.deviceId,
                minorToMajorString(r.valueMinor, r.currency),
                r.currency,
                r.usesLeft,
                r.usesTotal,
                r.reversedAt?.toISOString() ?? null,
                r.reversedByName,
                r.reverseReason,
              ]),
            ),
          );
        }
        if (!page.nextCursor) break;
        page = await caller.vouchers.exportPage({
          ...filters.data,
          limit: 100,
          cursor: page.nextCursor,
        });
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="redemptions.csv"`,
      "cache-control": "no-store",
    },
  });
}
