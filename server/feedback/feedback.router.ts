import { areaAccess } from "@/server/auth/roles.logic";
import { publicProcedure, roleProcedure, router } from "@/server/trpc/init";
import { listFeedbackInput, replyToFeedbackInput, submitFeedbackInput } from "./feedback.schema";
import { listFeedback, replyToFeedback, submitFeedback } from "./feedback.service";

/**
 * Owners and managers read the customers' words and answer them; analysts see the scores
 * only, in analytics (what a customer wrote is none of their business, as with support notes).
 */
const inbox = roleProcedure(...areaAccess.feedback);

export const feedbackRouter = router({
  /** The receipt's question, answered without an account (the receipt code is the key). */
  submit: publicProcedure
    .input(submitFeedbackInput)
    .mutation(({ ctx, input }) => submitFeedback(ctx.db, ctx.meta, input)),

  list: inbox
    .input(listFeedbackInput)
    .query(({ ctx, input }) => listFeedback(ctx.db, ctx.merchantId, input)),

  reply: inbox
    .input(replyToFeedbackInput)
    .mutation(({ ctx, input }) => replyToFeedback(ctx.db, ctx.actor, ctx.merchantId, input)),
});
