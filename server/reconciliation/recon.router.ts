import { readsReconciliation, reconciles } from "@/server/auth/roles.logic";
import { providerDepsFor } from "@/server/payments/provider-request.service";
import { roleProcedure, router } from "@/server/trpc/init";
import { closeDay, getDayClose, listDays } from "./recon-day.service";
import {
  countOpenDifferences,
  listDifferences,
  resolveDifference,
} from "./recon-difference.service";
import {
  listDaysInput,
  listDifferencesInput,
  methodDayInput,
  resolveDifferenceInput,
} from "./recon.schema";

const reader = roleProcedure(...readsReconciliation);
const reconciler = roleProcedure(...reconciles);

export const reconRouter = router({
  differences: reader
    .input(listDifferencesInput)
    .query(({ ctx, input }) => listDifferences(ctx.db, ctx.merchantId, input)),
  /** The navigation's badge: differences waiting for a person. */
  openCount: reader.query(({ ctx }) => countOpenDifferences(ctx.db, ctx.merchantId)),
  resolve: reconciler.input(resolveDifferenceInput).mutation(({ ctx, input }) =>
    resolveDifference(ctx.db, ctx.actor, ctx.merchantId, input, {
      providers: providerDepsFor(ctx.encryptionKey),
    }),
  ),
  days: reader
    .input(listDaysInput)
    .query(({ ctx, input }) => listDays(ctx.db, ctx.merchantId, input)),
  dayClose: reader
    .input(methodDayInput)
    .query(({ ctx, input }) => getDayClose(ctx.db, ctx.merchantId, input)),
  close: reconciler
    .input(methodDayInput)
    .mutation(({ ctx, input }) => closeDay(ctx.db, ctx.actor, ctx.merchantId, input)),
});
