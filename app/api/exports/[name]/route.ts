import { exportRouteHandler } from "@/server/exports/export-route-handler";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ name: string }> }) {
  const { name } = await ctx.params;
  return exportRouteHandler(req, name);
}
