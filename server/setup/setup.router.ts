import { getSecrets } from "@/server/config/secrets";
import { publicProcedure, router } from "@/server/trpc/init";
import { setupWithTokenInput } from "./setup.schema";
import { installStatus, setupWithToken } from "./setup.service";
import { setupTokenFor } from "./setup.logic";

export const setupRouter = router({
  /** Whether this install still has no shop (the setup page and sign-in page ask). */
  status: publicProcedure.query(({ ctx }) => installStatus(ctx.db)),

  /** First-run setup from the browser, guarded by the token in the server's log. */
  create: publicProcedure.input(setupWithTokenInput).mutation(async ({ ctx, input }) => {
    const created = await setupWithToken(
      ctx.db,
      { userId: null, ...ctx.meta },
      input,
      setupTokenFor(getSecrets().authSecret),
    );
    return { ownerEmail: created.ownerEmail };
  }),
});
