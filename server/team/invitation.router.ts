import { TRPCError } from "@trpc/server";
import { DomainError } from "@/server/errors";
import { protectedProcedure, router } from "@/server/trpc/init";
import {
  acceptInvitation,
  declineInvitation,
  listMyInvitations,
  type Invitee,
} from "./invitation.service";
import { invitationAnswerInput } from "./team.schema";

/**
 * The signed-in person's own invitations, with or without a shop. Not while a password
 * someone else chose is still in use: whoever chose it could otherwise answer for them.
 */
const inviteeProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Change your password first",
      cause: new DomainError("FORBIDDEN", "passwordChangeRequired", "Change your password first"),
    });
  }
  const invitee: Invitee = { actor: ctx.actor, userId: ctx.user.id, email: ctx.user.email };
  return next({ ctx: { invitee } });
});

export const invitationRouter = router({
  mine: inviteeProcedure.query(({ ctx }) => listMyInvitations(ctx.db, ctx.invitee, ctx.now?.())),

  accept: inviteeProcedure
    .input(invitationAnswerInput)
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.db, ctx.invitee, input.invitationId, ctx.now?.()),
    ),

  decline: inviteeProcedure
    .input(invitationAnswerInput)
    .mutation(({ ctx, input }) =>
      declineInvitation(ctx.db, ctx.invitee, input.invitationId, ctx.now?.()),
    ),
});
