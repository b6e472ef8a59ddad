/**
 * The currencies a provider takes through the API this product calls, where that is fewer than
 * any. Alipay's trades here (当面付 precreate, 电脑网站支付) and WeChat Pay's Native API are the
 * mainland ones, priced in yuan (total_amount in 元, amount.total in 分): an order in dollars sent
 * to them would be asked of the customer as that many yuan. PayPal and Stripe take the order's
 * own currency, as do cash and the sandbox wallet.
 */
const onlyCurrencies: Readonly<Record<string, readonly string[]>> = {
  alipay: ["CNY"],
  wechat_pay: ["CNY"],
};

/** Of `currencies`, those a method of `kind` cannot take (none for a provider of any currency). */
export function currenciesRefused(kind: string, currencies: readonly string[]): string[] {
  const only = onlyCurrencies[kind];
  return only ? currencies.filter((c) => !only.includes(c)) : [];
}

/** What a method of `kind` takes, for the refusal's sentence ("CNY"), or null for any. */
export function currenciesTaken(kind: string): string | null {
  return onlyCurrencies[kind]?.join(", ") ?? null;
}
