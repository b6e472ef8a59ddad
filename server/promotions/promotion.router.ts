import { runsPromotions } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  createPromotionInput,
  listPromotionsInput,
  promotionIdInput,
  setPromotionEnabledInput,
} from "./promotion.schema";
import { createPromotion, listPromotions, setPromotionEnabled } from "./promotion.service";
import { promotionPage } from "./promotion-page.service";

const runner = roleProcedure(...runsPromotions);

export const promotionRouter = router({
  list: runner
    .input(listPromotionsInput)
    .query(({ ctx, input }) => listPromotions(ctx.db, ctx.merchantId, input)),

  /** One promotion with its orders, cost and measured uplift. */
  byId: runner
    .input(promotionIdInput)
    .query(({ ctx, input }) => promotionPage(ctx.db, ctx.merchantId, input.promotionId)),

  create: runner
    .input(createPromotionInput)
    .mutation(({ ctx, input }) => createPromotion(ctx.db, ctx.actor, ctx.merchantId, input)),

  setEnabled: runner
    .input(setPromotionEnabledInput)
    .mutation(({ ctx, input }) => setPromotionEnabled(ctx.db, ctx.actor, ctx.merchantId, input)),
});
