import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import {
  orders,
  paymentAttempts,
  paymentMethods,
  sandboxWalletPayments,
  sandboxWalletRefunds,
} from "@/db/schema";
import { computeFee, feeRuleIn, type FeeRule } from "@/server/payments/fee.logic";
import { feeAmountsOf } from "@/server/payments/method-fees.service";
import { feeRefunded } from "@/server/refunds/refund.logic";
import {
  chinaDayStart,
  wechatBillBytes,
  type WechatBillRow,
} from "../wechat-pay/wechat-bill.logic";
import { chinaBillDay } from "../bill-day.logic";
import { ProviderError, type Connector } from "../types";
import { statementQuirks } from "./sandbox-wallet.schema";

const dayMs = 86_400_000;
const wallet = { appId: "wxsandbox", mchId: "1900000000" };

/**
 * The sandbox wallet's daily statement, in WeChat Pay's ALL trade-bill layout, from its own
 * ledger: what it took (outcome pay, or no_callback: paid at the wallet, never notified) and
 * the refunds it made, on the method's day in China time — the wallet plays WeChat Pay, whose
 * bill days and times are China's, as the WeChat statement reader assumes. Fees follow the
 * method's fee rule now in each payment's currency (a rule changed since shows as a fee difference), refunds give fees
 * back by its refund fee rule. The method's `statementQuirks` switch on deliberate differences.
 */
export const sandboxStatement: NonNullable<Connector["downloadStatement"]> = async (
  method,
  { day },
  deps,
) => {
  const from = chinaDayStart(day);
  if (Number.isNaN(from.getTime())) throw new ProviderError("BAD_REQUEST", `no such day ${day}`);
  const to = new Date(from.getTime() + dayMs);
  const quirks = statementQuirks.safeParse(method.config.statementQuirks ?? {});
  const q = quirks.success ? quirks.data : {};
  const [m] = await deps.db
    .select({
      rateBps: paymentMethods.feeRateBps,
      refundFeeRule: paymentMethods.refundFeeRule,
      currencies: paymentMethods.currencies,
    })
    .from(paymentMethods)
    .where(eq(paymentMethods.id, method.id));
  if (!m) throw new ProviderError("NOT_CONFIGURED", "no such sandbox method");
  const { refundFeeRule, currencies, rateBps } = m;
  const amounts = (await feeAmountsOf(deps.db, [method.id])).get(method.id) ?? {};
  /** The method's rule in a payment's currency, and the same with the drift switched on. */
  const ruleIn = (c: string) => feeRuleIn(rateBps, amounts[c] ?? null);
  const driftedIn = (c: string): FeeRule => ({
    ...ruleIn(c),
    rateBps: Math.max(0, rateBps + (q.feeDriftBps ?? 0)),
  });
  const currency = currencies[0] ?? "CNY";

  const paid = await deps.db
    .select({
      at: sandboxWalletPayments.createdAt,
      txnId: sandboxWalletPayments.txnId,
      token: sandboxWalletPayments.attemptToken,
      amountMinor: sandboxWalletPayments.amountMinor,
      currency: sandboxWalletPayments.currency,
      orderNumber: orders.number,
    })
    .from(sandboxWalletPayments)
    .leftJoin(paymentAttempts, eq(paymentAttempts.token, sandboxWalletPayments.attemptToken))
    .leftJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .where(
      and(
        eq(sandboxWalletPayments.methodId, method.id),
        inArray(sandboxWalletPayments.outcome, ["pay", "no_callback"]),
        gte(sandboxWalletPayments.createdAt, from),
        lt(sandboxWalletPayments.createdAt, to),
      ),
    )
    .orderBy(asc(sandboxWalletPayments.createdAt), asc(sandboxWalletPayments.txnId));

  const refunds = await deps.db
    .select({
      at: sandboxWalletRefunds.createdAt,
      refundId: sandboxWalletRefunds.refundId,
      providerRefundId: sandboxWalletRefunds.providerRefundId,
      token: sandboxWalletRefunds.attemptToken,
      amountMinor: sandboxWalletRefunds.amountMinor,
      txnId: sandboxWalletPayments.txnId,
      paidMinor: sandboxWalletPayments.amountMinor,
      currency: sandboxWalletPayments.currency,
    })
    .from(sandboxWalletRefunds)
    .innerJoin(
      sandboxWalletPayments,
      eq(sandboxWalletPayments.attemptToken, sandboxWalletRefunds.attemptToken),
    )
    .where(
      and(
        eq(sandboxWalletRefunds.methodId, method.id),
        eq(sandboxWalletRefunds.outcome, "succeeded"),
        lt(sandboxWalletRefunds.createdAt, to),
        // The payments refunded this day, with their earlier refunds (for the fee given back).
        inArray(
          sandboxWalletRefunds.attemptToken,
          deps.db
            .select({ token: sandboxWalletRefunds.attemptToken })
            .from(sandboxWalletRefunds)
            .where(
              and(
                eq(sandboxWalletRefunds.methodId, method.id),
                gte(sandboxWalletRefunds.createdAt, from),
                lt(sandboxWalletRefunds.createdAt, to),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(sandboxWalletRefunds.createdAt), asc(sandboxWalletRefunds.refundId));

  const rows: WechatBillRow[] = paid.map((p, i) => {
    // One amount changed: the day's last payment, a fen more than was paid.
    const amountMinor =
      q.changeAmountOfOne && i === paid.length - 1 ? p.amountMinor + 1n : p.amountMinor;
    return {
      ...wallet,
      at: p.at,
      txnId: p.txnId,
      outTradeNo: p.token,
      currency: p.currency,
      orderMinor: amountMinor,
      feeMinor: computeFee(amountMinor, driftedIn(p.currency)),
      rateBps: driftedIn(p.currency).rateBps,
      subject: p.orderNumber ?? "",
    };
  });
  // One left out: the day's first payment, as if the wallet's bill lost it.
  if (q.omitOne) rows.shift();
  if (q.foreignPayment)
    rows.push({
      ...wallet,
      at: new Date(from.getTime() + dayMs / 2),
      txnId: `SBXFOREIGN${day.replaceAll("-", "")}`,
      outTradeNo: `FOREIGN-${day}`,
      currency,
      orderMinor: 100n,
      feeMinor: computeFee(100n, driftedIn(currency)),
      rateBps: driftedIn(currency).rateBps,
      subject: "",
    });

  // Refunds of the day; the earlier ones of the same payment tell how much fee is left to give.
  const before = new Map<string, bigint>();
  for (const r of refunds) {
    const earlier = before.get(r.token) ?? 0n;
    before.set(r.token, earlier + r.amountMinor);
    if (r.at < from) continue;
    const payment = {
      amountMinor: r.paidMinor,
      feeMinor: computeFee(r.paidMinor, ruleIn(r.currency)),
    };
    rows.push({
      ...wallet,
      at: r.at,
      txnId: r.txnId,
      outTradeNo: r.token,
      currency: r.currency,
      orderMinor: 0n,
      refund: { id: r.providerRefundId, ref: r.refundId, amountMinor: r.amountMinor },
      feeMinor: -feeRefunded(refundFeeRule, payment, earlier, earlier + r.amountMinor),
      rateBps,
      subject: "",
    });
  }
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    fileName: `sandbox-tradebill-${day}.csv`,
    bytes: wechatBillBytes(rows, currency),
    period: chinaBillDay(day),
  };
};
