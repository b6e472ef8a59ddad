import { merchantProcedure, roleProcedure, router } from "@/server/trpc/init";
import { updateMerchantSettingsInput } from "./merchant.schema";
import { getMerchantSettings, updateMerchantSettings } from "./merchant.service";

export const merchantRouter = router({
  settings: merchantProcedure.query(({ ctx }) => getMerchantSettings(ctx.db, ctx.merchantId)),

  updateSettings: roleProcedure("owner")
    .input(updateMerchantSettingsInput)
    .mutation(({ ctx, input }) => updateMerchantSettings(ctx.db, ctx.actor, ctx.merchantId, input)),
});
