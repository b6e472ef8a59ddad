import { roleProcedure, router } from "@/server/trpc/init";
import { updateRiskRuleInput } from "./risk.schema";
import { getRiskSettings, updateRiskRule } from "./risk-settings.service";

/** The anomaly rules' settings: what raises an alert is the owner's to decide. */
export const riskRouter = router({
  settings: roleProcedure("owner").query(({ ctx }) => getRiskSettings(ctx.db, ctx.merchantId)),

  updateRule: roleProcedure("owner")
    .input(updateRiskRuleInput)
    .mutation(({ ctx, input }) => updateRiskRule(ctx.db, ctx.actor, ctx.merchantId, input)),
});
