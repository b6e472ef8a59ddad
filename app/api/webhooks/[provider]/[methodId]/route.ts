import { webhookRouteHandler } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function POST(
  req: Request,
  ctx: { params: Promise<{ provider: string; methodId: string }> },
) {
  const { provider, methodId } = await ctx.params;
  return webhookRouteHandler(req, provider, methodId);
}
