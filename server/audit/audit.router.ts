import { readsAuditLog } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import { auditHeadStore } from "./audit-key";
import { exportAuditHead, verifyAuditLog } from "./audit-head.service";
import { listAuditInput } from "./audit.schema";
import { auditFilterChoices, listAuditLog } from "./audit.service";

const ownerProcedure = roleProcedure(...readsAuditLog);

export const auditRouter = router({
  list: ownerProcedure
    .input(listAuditInput)
    .query(({ ctx, input }) => listAuditLog(ctx.db, ctx.merchantId, input)),
  filters: ownerProcedure.query(({ ctx }) => auditFilterChoices(ctx.db, ctx.merchantId)),
  /** Re-hashes the shop's whole chain and compares it with the last exported head. */
  verify: ownerProcedure.mutation(({ ctx }) =>
    verifyAuditLog(ctx.db, ctx.merchantId, auditHeadStore()),
  ),
  /**
   * Exports the chain's head now and hands it to the owner to keep elsewhere. When the database
   * no longer matches the last export, that export is kept and the answer says so.
   */
  exportHead: ownerProcedure.mutation(({ ctx }) =>
    exportAuditHead(ctx.db, ctx.merchantId, auditHeadStore()),
  ),
});
