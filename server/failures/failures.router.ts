import { roleProcedure, router } from "@/server/trpc/init";
import { z } from "zod";
import { areaAccess, handlesAlerts } from "@/server/auth/roles.logic";
import { failureFilters, failureIdInput, listFailuresInput } from "./failure-log.schema";
import { exportFailuresCsv, getFailure, listFailures } from "./failure-query.service";
import { listSpikeAlerts, resolveSpikeAlert } from "./spike-alert.service";

const reader = roleProcedure(...areaAccess.failures);
const alertHandler = roleProcedure(...handlesAlerts);

export const failuresRouter = router({
  list: reader
    .input(listFailuresInput)
    .query(({ ctx, input }) => listFailures(ctx.db, ctx.merchantId, ctx.role, input)),

  byId: reader
    .input(failureIdInput)
    .query(({ ctx, input }) => getFailure(ctx.db, ctx.merchantId, ctx.role, input.failureId)),

  exportCsv: reader
    .input(failureFilters)
    .query(({ ctx, input }) => exportFailuresCsv(ctx.db, ctx.merchantId, ctx.role, input)),

  spikeAlerts: alertHandler.query(({ ctx }) => listSpikeAlerts(ctx.db, ctx.merchantId)),

  resolveSpikeAlert: alertHandler
    .input(z.object({ alertId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      resolveSpikeAlert(ctx.db, ctx.actor, ctx.merchantId, input.alertId),
    ),
});
