import { confirmsShifts, keepsShifts } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  closeShiftForCashierInput,
  closeShiftInput,
  confirmShiftInput,
  currentShiftInput,
  listShiftsInput,
  openShiftInput,
  paidOutInput,
  shiftIdInput,
} from "./shift.schema";
import {
  closeShift,
  closeShiftForCashier,
  confirmShift,
  currentShift,
  getShift,
  listShifts,
  openShift,
  recordPaidOut,
  type ShiftActor,
} from "./shift.service";

const keeper = roleProcedure(...keepsShifts);

const who = (ctx: {
  actor: ShiftActor["actor"];
  user: { id: string };
  role: ShiftActor["role"];
}) => ({
  actor: ctx.actor,
  userId: ctx.user.id,
  role: ctx.role,
});

export const shiftRouter = router({
  current: keeper
    .input(currentShiftInput)
    .query(({ ctx, input }) => currentShift(ctx.db, who(ctx), ctx.merchantId, input.storeId)),

  byId: keeper
    .input(shiftIdInput)
    .query(({ ctx, input }) => getShift(ctx.db, who(ctx), ctx.merchantId, input.shiftId)),

  open: keeper
    .input(openShiftInput)
    .mutation(({ ctx, input }) => openShift(ctx.db, who(ctx), ctx.merchantId, input)),

  paidOut: keeper
    .input(paidOutInput)
    .mutation(({ ctx, input }) => recordPaidOut(ctx.db, who(ctx), ctx.merchantId, input)),

  close: keeper
    .input(closeShiftInput)
    .mutation(({ ctx, input }) => closeShift(ctx.db, who(ctx), ctx.merchantId, input)),

  closeForCashier: roleProcedure(...confirmsShifts)
    .input(closeShiftForCashierInput)
    .mutation(({ ctx, input }) => closeShiftForCashier(ctx.db, who(ctx), ctx.merchantId, input)),

  list: roleProcedure(...confirmsShifts)
    .input(listShiftsInput)
    .query(({ ctx, input }) => listShifts(ctx.db, ctx.merchantId, input)),

  confirm: roleProcedure(...confirmsShifts)
    .input(confirmShiftInput)
    .mutation(({ ctx, input }) => confirmShift(ctx.db, who(ctx), ctx.merchantId, input)),
});
