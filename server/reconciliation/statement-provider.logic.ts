import type { paymentMethodKinds } from "@/db/schema/enum-values";
import type { StatementFormat } from "./parsers/types";

type MethodKind = (typeof paymentMethodKinds)[number];

/**
 * The layouts of each kind's own provider; the sandbox wallet writes WeChat Pay's. A CSV read
 * through the method's saved mapping (a bank's or an acquirer's export) fits any method.
 */
const providerLayouts: Record<MethodKind, readonly StatementFormat[]> = {
  alipay: ["alipay_trade"],
  wechat_pay: ["wechat_trade"],
  paypal: ["paypal_trr"],
  stripe: ["stripe_balance", "stripe_itemized"],
  sandbox: ["wechat_trade"],
  cash: [],
};

/**
 * Whether a statement in `format` can be the method's: another provider's statement would
 * match none of its payments and report every line as a difference.
 */
export function layoutFitsMethod(kind: MethodKind, format: StatementFormat): boolean {
  return format === "generic_csv" || providerLayouts[kind].includes(format);
}
