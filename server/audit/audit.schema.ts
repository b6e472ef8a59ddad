import { z } from "zod";
import { localDateSchema } from "@/server/time/local-date.schema";

/** The audit log's filters; dates are inclusive local dates in the shop's time zone. */
export const auditFilters = z.object({
  actorUserId: z.uuid().optional(),
  action: z.string().min(1).max(100).optional(),
  entityType: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(200).optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const listAuditInput = auditFilters.extend({
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListAuditInput = z.input<typeof listAuditInput>;
