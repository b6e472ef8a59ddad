import { refuseForSharedDemoAccount } from "@/server/demo/shared-demo-accounts";
import { merchantProcedure, roleProcedure, router, stepUpProcedure } from "@/server/trpc/init";
import { removeDemoDataInput } from "./demo-data.schema";
import { env } from "@/env";
import { backupScheduleInput } from "@/server/backup/backup.schema";
import { backupSettings, updateBackupSchedule } from "@/server/backup/scheduled-backup.service";
import { updateRetentionInput } from "@/server/housekeeping/housekeeping.schema";
import {
  housekeepingStatus,
  resetPracticeShop,
  updateRetention,
} from "@/server/housekeeping/housekeeping.service";
import { demoDataStatus, removeDemoData } from "./demo-data.service";
import {
  updateMerchantSettingsInput,
  updateRefundApprovalInput,
  updateTwoFactorRolesInput,
} from "./merchant.schema";
import {
  getMerchantBasics,
  getMerchantSettings,
  updateMerchantSettings,
  updateRefundApproval,
  updateTwoFactorRoles,
} from "./merchant.service";

export const merchantRouter = router({
  settings: merchantProcedure.query(({ ctx }) => getMerchantSettings(ctx.db, ctx.merchantId)),

  /** The name, zone and currency the screens show (useShopTime, a slip's heading). */
  basics: merchantProcedure.query(({ ctx }) => getMerchantBasics(ctx.db, ctx.merchantId)),

  updateSettings: roleProcedure("owner")
    .input(updateMerchantSettingsInput)
    .mutation(({ ctx, input }) => updateMerchantSettings(ctx.db, ctx.actor, ctx.merchantId, input)),

  updateRefundApproval: roleProcedure("owner")
    .input(updateRefundApprovalInput)
    .mutation(({ ctx, input }) => updateRefundApproval(ctx.db, ctx.actor, ctx.merchantId, input)),

  updateTwoFactorRoles: stepUpProcedure("owner")
    .input(updateTwoFactorRolesInput)
    .mutation(({ ctx, input }) => {
      // Asking a role for a second factor would shut the shared demo accounts out.
      refuseForSharedDemoAccount(ctx.user.email, env.demo);
      return updateTwoFactorRoles(
        ctx.db,
        { ...ctx.actor, userId: ctx.user.id },
        ctx.merchantId,
        input,
      );
    }),

  demoData: roleProcedure("owner").query(({ ctx }) =>
    demoDataStatus(ctx.db, ctx.merchantId, ctx.user.id),
  ),

  /** Deleting data is the owner's alone. */
  backup: roleProcedure("owner").query(({ ctx }) =>
    backupSettings(ctx.db, ctx.merchantId, {
      encrypted: env.BACKUP_PASSPHRASE !== undefined,
      dir: env.backupDir,
    }),
  ),

  /** The daily backup holds every shop, as the download: the owner's alone. */
  updateBackupSchedule: roleProcedure("owner")
    .input(backupScheduleInput)
    .mutation(({ ctx, input }) => updateBackupSchedule(ctx.db, ctx.actor, ctx.merchantId, input)),

  housekeeping: roleProcedure("owner").query(({ ctx }) =>
    housekeepingStatus(ctx.db, ctx.merchantId),
  ),

  updateRetention: roleProcedure("owner")
    .input(updateRetentionInput)
    .mutation(({ ctx, input }) => updateRetention(ctx.db, ctx.actor, ctx.merchantId, input)),

  resetPractice: roleProcedure("owner").mutation(({ ctx }) =>
    resetPracticeShop(ctx.db, ctx.actor, ctx.merchantId),
  ),

  removeDemoData: roleProcedure("owner")
    .input(removeDemoDataInput)
    .mutation(({ ctx, input }) =>
      removeDemoData(ctx.db, { ...ctx.actor, userId: ctx.user.id }, ctx.merchantId, input),
    ),
});
