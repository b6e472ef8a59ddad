import { merchantProcedure, router } from "@/server/trpc/init";
import { homeSummary } from "./home.service";

export const homeRouter = router({
  /** Every member has a Home; what it holds follows the role from the session, never the input. */
  summary: merchantProcedure.query(({ ctx }) =>
    homeSummary(ctx.db, { merchantId: ctx.merchantId, userId: ctx.user.id, role: ctx.role }),
  ),
});
