import { z } from "zod";
import { riskRuleNames, riskRules, validParam, type RiskRule } from "./risk-rules.logic";

/**
 * The owner's change to one rule: on or off, and its numbers, each within its range (the
 * error names the number, so the card shows it beside the right field).
 */
export const updateRiskRuleInput = z
  .object({
    rule: z.enum(riskRuleNames as [RiskRule, ...RiskRule[]]),
    enabled: z.boolean(),
    params: z.record(z.string(), z.number({ message: "invalidRiskParam" })),
  })
  .superRefine((input, ctx) => {
    const names = Object.keys(riskRules[input.rule]);
    for (const name of names) {
      if (!validParam(input.rule, name, input.params[name])) {
        ctx.addIssue({ code: "custom", path: ["params", name], message: "invalidRiskParam" });
      }
    }
    for (const name of Object.keys(input.params)) {
      if (!names.includes(name)) {
        ctx.addIssue({ code: "custom", path: ["params", name], message: "unknownRiskParam" });
      }
    }
  });
export type UpdateRiskRuleInput = z.infer<typeof updateRiskRuleInput>;
