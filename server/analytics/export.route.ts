import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { createRequestContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { buildExportTable, exportQuery } from "./export";
import { toCsv, toXlsx } from "./export.logic";

const contentTypes = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** GET /api/analytics/export?table=…&format=csv|xlsx&<the screen's filters>: one table as a file. */
export async function analyticsExportRouteHandler(req: Request): Promise<Response> {
  const query = exportQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return new Response("Bad export request", { status: 400 });
  const q = query.data;
  try {
    const caller = createCaller(await createRequestContext(req.headers));
    const table = await buildExportTable(caller, q);
    const body = q.format === "csv" ? toCsv(table) : new Uint8Array(await toXlsx(table));
    const filename = `${table.name}-${q.preset === "custom" ? `${q.from}_${q.to}` : q.preset}.${q.format}`;
    return new Response(body, {
      headers: {
        "content-type": contentTypes[q.format],
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof TRPCError)
      return new Response(err.message, { status: getHTTPStatusCodeFromError(err) });
    if (err instanceof z.ZodError) return new Response("Bad export request", { status: 400 });
    throw err;
  }
}
