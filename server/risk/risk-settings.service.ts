import { eq } from "drizzle-orm";
import { riskRuleSettings } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { resolveSettings, type RiskSettings } from "./risk-rules.logic";
import type { UpdateRiskRuleInput } from "./risk.schema";

/** Every rule's settings for a merchant: saved ones, defaults for the rest. */
export async function getRiskSettings(db: DbOrTx, merchantId: string): Promise<RiskSettings> {
  const rows = await db
    .select({
      rule: riskRuleSettings.rule,
      enabled: riskRuleSettings.enabled,
      params: riskRuleSettings.params,
    })
    .from(riskRuleSettings)
    .where(eq(riskRuleSettings.merchantId, merchantId));
  return resolveSettings(rows);
}

/** The owner saves one rule (the router lets only the owner call this); audited with before and after. */
export async function updateRiskRule(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateRiskRuleInput,
) {
  return db.transaction(async (tx) => {
    const before = (await getRiskSettings(tx, merchantId))[input.rule];
    const row = { enabled: input.enabled, params: input.params, updatedBy: actor.userId };
    await tx
      .insert(riskRuleSettings)
      .values({ merchantId, rule: input.rule, ...row })
      .onConflictDoUpdate({
        target: [riskRuleSettings.merchantId, riskRuleSettings.rule],
        set: { ...row, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      merchantId,
      action: "risk.rule.update",
      entityType: "risk_rule",
      entityId: input.rule,
      before,
      after: { enabled: input.enabled, params: input.params },
    });
    return { rule: input.rule, enabled: input.enabled, params: input.params };
  });
}
