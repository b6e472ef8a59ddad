import { z } from "zod";
import { areaAccess, managesVouchers } from "@/server/auth/roles.logic";
import { publicProcedure, roleProcedure, router, stepUpProcedure } from "@/server/trpc/init";
import { liftCodeBlock, listCodeBlocks } from "./code-guard.service";
import { loadReceipt } from "./receipt.service";
import { checkVoucher, redeemVoucher, reverseRedemption, voidVoucher } from "./redemption.service";
import { getOrderVoucher } from "./voucher-order.service";
import { getVoucherSettings, updateVoucherSettings } from "./voucher-issue.service";
import { listRedeemers, listRedemptions, voucherLiability } from "./voucher-report.service";
import {
  liftCodeBlockInput,
  listRedemptionsInput,
  receiptCodeInput,
  redeemInput,
  reverseRedemptionInput,
  voidVoucherInput,
  voucherSettingsInput,
} from "./voucher.schema";

const counter = roleProcedure(...areaAccess.redeem);
const manager = roleProcedure(...managesVouchers);
// Undoing a redemption or voiding a voucher gives value back or takes it away: asked again.
const managerStepUp = stepUpProcedure(...managesVouchers);
const reader = roleProcedure(...new Set([...areaAccess.redeem, ...areaAccess.vouchers]));

export const voucherRouter = router({
  check: counter
    .input(redeemInput)
    .mutation(({ ctx, input }) => checkVoucher(ctx.db, ctx.actor, ctx.merchantId, input, ctx.role)),

  redeem: counter
    .input(redeemInput)
    .mutation(({ ctx, input }) =>
      redeemVoucher(ctx.db, ctx.actor, ctx.merchantId, input, ctx.role),
    ),

  reverse: managerStepUp
    .input(reverseRedemptionInput)
    .mutation(({ ctx, input }) => reverseRedemption(ctx.db, ctx.actor, ctx.merchantId, input)),

  void: managerStepUp
    .input(voidVoucherInput)
    .mutation(({ ctx, input }) => voidVoucher(ctx.db, ctx.actor, ctx.merchantId, input)),

  /** The code-guessing blocks in force, for the managers who may lift them. */
  codeBlocks: manager.query(({ ctx }) => listCodeBlocks(ctx.db, ctx.merchantId)),

  liftCodeBlock: manager
    .input(liftCodeBlockInput)
    .mutation(({ ctx, input }) => liftCodeBlock(ctx.db, ctx.actor, ctx.merchantId, input)),

  redemptions: reader
    .input(listRedemptionsInput)
    .query(({ ctx, input }) => listRedemptions(ctx.db, ctx.merchantId, input)),

  /** Who has redeemed or may redeem: the log's staff filter. */
  redeemers: reader.query(({ ctx }) => listRedeemers(ctx.db, ctx.merchantId)),

  liability: roleProcedure(...areaAccess.vouchers).query(({ ctx }) =>
    voucherLiability(ctx.db, ctx.merchantId),
  ),

  forOrder: roleProcedure(...areaAccess.orders)
    .input(z.object({ orderId: z.uuid() }))
    .query(({ ctx, input }) => getOrderVoucher(ctx.db, ctx.merchantId, input.orderId)),

  settings: reader.query(({ ctx }) => getVoucherSettings(ctx.db, ctx.merchantId)),

  updateSettings: manager
    .input(voucherSettingsInput)
    .mutation(({ ctx, input }) => updateVoucherSettings(ctx.db, ctx.actor, ctx.merchantId, input)),
});

/** The customer's receipt: no account, only the voucher code. */
export const receiptRouter = router({
  view: publicProcedure
    .input(receiptCodeInput)
    .query(({ ctx, input }) => loadReceipt(ctx.db, input.code)),
});
