import { areaAccess } from "@/server/auth/roles.logic";
import { roleProcedure, router, stepUpProcedure } from "@/server/trpc/init";
import {
  addMemberInput,
  changeRoleInput,
  removeMemberInput,
  renameMemberInput,
  withdrawInvitationInput,
  resetPasswordInput,
} from "./team.schema";
import {
  changeMemberRole,
  listMembers,
  removeMember,
  renameMember,
  resetMemberPassword,
  resetMemberTwoFactor,
} from "./team.service";
import { inviteMember, listPendingInvitations, withdrawInvitation } from "./invitation.service";

// The same roles that see the team page in the menu.
const ownerProcedure = roleProcedure(...areaAccess.team);
// Who may do what, and who can sign in as whom: asked again after a few minutes (step-up).
const ownerStepUp = stepUpProcedure(...areaAccess.team);

export const teamRouter = router({
  list: ownerProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.merchantId)),

  /** "Add member" invites: nobody joins a shop without saying yes (invitation.service.ts). */
  add: ownerProcedure
    .input(addMemberInput)
    .mutation(({ ctx, input }) =>
      inviteMember(ctx.db, ctx.actor, ctx.merchantId, input, ctx.now?.()),
    ),

  invitations: ownerProcedure.query(({ ctx }) =>
    listPendingInvitations(ctx.db, ctx.merchantId, ctx.now?.()),
  ),

  withdrawInvitation: ownerProcedure
    .input(withdrawInvitationInput)
    .mutation(({ ctx, input }) =>
      withdrawInvitation(ctx.db, ctx.actor, ctx.merchantId, input.invitationId, ctx.now?.()),
    ),

  changeRole: ownerStepUp
    .input(changeRoleInput)
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.db, ctx.actor, ctx.merchantId, input.membershipId, input.role),
    ),

  remove: ownerStepUp
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, ctx.actor, ctx.merchantId, input.membershipId),
    ),

  rename: ownerProcedure
    .input(renameMemberInput)
    .mutation(({ ctx, input }) => renameMember(ctx.db, ctx.actor, ctx.merchantId, input)),

  resetPassword: ownerStepUp
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetMemberPassword(ctx.db, ctx.actor, ctx.merchantId, input)),

  resetTwoFactor: ownerStepUp
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      resetMemberTwoFactor(ctx.db, ctx.actor, ctx.merchantId, input.membershipId),
    ),
});
