import { areaAccess } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  addMemberInput,
  changeRoleInput,
  removeMemberInput,
  renameMemberInput,
  resetPasswordInput,
} from "./team.schema";
import {
  addMember,
  changeMemberRole,
  listMembers,
  removeMember,
  renameMember,
  resetMemberPassword,
  resetMemberTwoFactor,
} from "./team.service";

// The same roles that see the team page in the menu.
const ownerProcedure = roleProcedure(...areaAccess.team);

export const teamRouter = router({
  list: ownerProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.merchantId)),

  add: ownerProcedure
    .input(addMemberInput)
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, ctx.merchantId, input)),

  changeRole: ownerProcedure
    .input(changeRoleInput)
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.db, ctx.actor, ctx.merchantId, input.membershipId, input.role),
    ),

  remove: ownerProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, ctx.actor, ctx.merchantId, input.membershipId),
    ),

  rename: ownerProcedure
    .input(renameMemberInput)
    .mutation(({ ctx, input }) => renameMember(ctx.db, ctx.actor, ctx.merchantId, input)),

  resetPassword: ownerProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetMemberPassword(ctx.db, ctx.actor, ctx.merchantId, input)),

  resetTwoFactor: ownerProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      resetMemberTwoFactor(ctx.db, ctx.actor, ctx.merchantId, input.membershipId),
    ),
});
