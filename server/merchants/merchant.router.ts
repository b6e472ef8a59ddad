import { merchantProcedure, roleProcedure, router } from "@/server/trpc/init";
import { removeDemoDataInput } from "./demo-data.schema";
import { env } from "@/env";
import { backupScheduleInput } from "@/server/backup/backup.schema";
import { backupSettings, updateBackupSchedule } from "@/server/backup/scheduled-backup.service";
import { demoDataStatus, removeDemoData } from "./demo-data.service";
import { updateMerchantSettingsInput, updateRefundApprovalInput } from "./merchant.schema";
import {
  getMerchantSettings,
  updateMerchantSettings,
  updateRefundApproval,
} from "./merchant.service";

export const merchantRouter = router({
  settings: merchantProcedure.query(({ ctx }) => getMerchantSettings(ctx.db, ctx.merchantId)),

  updateSettings: roleProcedure("owner")
    .input(updateMerchantSettingsInput)
    .mutation(({ ctx, input }) => updateMerchantSettings(ctx.db, ctx.actor, ctx.merchantId, input)),

  updateRefundApproval: roleProcedure("owner")
    .input(updateRefundApprovalInput)
    .mutation(({ ctx, input }) => updateRefundApproval(ctx.db, ctx.actor, ctx.merchantId, input)),

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

  removeDemoData: roleProcedure("owner")
    .input(removeDemoDataInput)
    .mutation(({ ctx, input }) =>
      removeDemoData(ctx.db, { ...ctx.actor, userId: ctx.user.id }, ctx.merchantId, input),
    ),
});
