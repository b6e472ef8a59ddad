import { env } from "@/env";
import { refuseForSharedDemoAccount } from "@/server/demo/shared-demo-accounts";
import { protectedProcedure, router } from "@/server/trpc/init";
import { changePasswordInput, revokeSessionInput, stepUpInput } from "./account.schema";
import {
  changeOwnPassword,
  listOwnSessions,
  revokeOtherOwnSessions,
  revokeOwnSession,
  type Self,
} from "./account.service";
import { isSessionSteppedUp, stepUp } from "./step-up.service";

// Open to every signed-in person, with or without a shop, and while a password change is due.
const selfProcedure = protectedProcedure.use(({ ctx, next }) => {
  const self: Self = {
    actor: ctx.actor,
    userId: ctx.user.id,
    email: ctx.user.email,
    sessionId: ctx.user.sessionId ?? null,
  };
  return next({ ctx: { self } });
});

export const accountRouter = router({
  sessions: selfProcedure.query(({ ctx }) => listOwnSessions(ctx.db, ctx.self)),

  changePassword: selfProcedure.input(changePasswordInput).mutation(({ ctx, input }) => {
    refuseForSharedDemoAccount(ctx.self.email, env.demo);
    return changeOwnPassword(ctx.db, ctx.self, input);
  }),

  revokeSession: selfProcedure
    .input(revokeSessionInput)
    .mutation(({ ctx, input }) => revokeOwnSession(ctx.db, ctx.self, input.sessionId)),

  /** For actions outside tRPC (the backup download's form post) to ask before posting. */
  stepUpStatus: selfProcedure.query(async ({ ctx }) => ({
    fresh: await isSessionSteppedUp(ctx.db, ctx.user, ctx.now?.()),
  })),

  stepUp: selfProcedure
    .input(stepUpInput)
    .mutation(({ ctx, input }) =>
      stepUp(ctx.db, ctx.self, input, { authSecret: ctx.authSecret }, ctx.now?.()),
    ),

  revokeOtherSessions: selfProcedure.mutation(({ ctx }) =>
    revokeOtherOwnSessions(ctx.db, ctx.self),
  ),
});
