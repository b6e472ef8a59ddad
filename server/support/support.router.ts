import { handlesSupport } from "@/server/auth/roles.logic";
import { orderIdInput } from "@/server/payments/order.schema";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  addSupportNoteInput,
  listSupportNotesInput,
  supportNoteIdInput,
} from "./support-note.schema";
import {
  addSupportNote,
  listOrderNotes,
  listSupportNotes,
  resolveSupportNote,
} from "./support-note.service";

const support = roleProcedure(...handlesSupport);

/** 客服 notes on orders: the counter and managers; analysts never read customers' words. */
export const supportRouter = router({
  list: support
    .input(listSupportNotesInput)
    .query(({ ctx, input }) => listSupportNotes(ctx.db, ctx.merchantId, input)),

  forOrder: support
    .input(orderIdInput)
    .query(({ ctx, input }) => listOrderNotes(ctx.db, ctx.merchantId, input.orderId)),

  add: support
    .input(addSupportNoteInput)
    .mutation(({ ctx, input }) => addSupportNote(ctx.db, ctx.actor, ctx.merchantId, input)),

  resolve: support
    .input(supportNoteIdInput)
    .mutation(({ ctx, input }) =>
      resolveSupportNote(ctx.db, ctx.actor, ctx.merchantId, input.noteId),
    ),
});
