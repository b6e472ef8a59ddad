import { areaAccess, tunesScorecard } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  analyticsFilters,
  beforeAfterInput,
  saveScorecardInput,
  whatIfInput,
} from "./analytics.schema";
import {
  analyticsOptions,
  beforeAfter,
  compareMethods,
  customerHabitsView,
  overview,
  satisfaction,
  saveScorecard,
  trafficHeatmap,
  whatIfFees,
} from "./analytics.service";

/** Owner, manager and analyst: the roles the analytics area is open to. */
const reader = roleProcedure(...areaAccess.analytics);

export const analyticsRouter = router({
  options: reader.query(({ ctx }) => analyticsOptions(ctx.db, ctx.merchantId)),
  overview: reader
    .input(analyticsFilters)
    .query(({ ctx, input }) => overview(ctx.db, ctx.merchantId, input)),
  compareMethods: reader.input(analyticsFilters).query(async ({ ctx, input }) => ({
    ...(await compareMethods(ctx.db, ctx.merchantId, input)),
    /** The screen offers the scorecard's save only to the roles the server accepts it from. */
    canSaveScorecard: tunesScorecard.includes(ctx.role),
  })),
  beforeAfter: reader
    .input(beforeAfterInput)
    .query(({ ctx, input }) => beforeAfter(ctx.db, ctx.merchantId, input)),
  whatIfFees: reader
    .input(whatIfInput)
    .query(({ ctx, input }) => whatIfFees(ctx.db, ctx.merchantId, input)),
  /** Receipt scores per method, store and cashier, and their trend (no customer's words). */
  satisfaction: reader
    .input(analyticsFilters)
    .query(({ ctx, input }) => satisfaction(ctx.db, ctx.merchantId, input)),
  /** New and returning customers, their method mix, switches and lifetime value (no ids). */
  customers: reader
    .input(analyticsFilters)
    .query(({ ctx, input }) => customerHabitsView(ctx.db, ctx.merchantId, input)),
  traffic: reader
    .input(analyticsFilters)
    .query(({ ctx, input }) => trafficHeatmap(ctx.db, ctx.merchantId, input)),
  /** The shop's scorecard: set by owners and managers, read by analysts. */
  saveScorecard: roleProcedure(...tunesScorecard)
    .input(saveScorecardInput)
    .mutation(({ ctx, input }) => saveScorecard(ctx.db, ctx.actor, ctx.merchantId, input)),
});
