import { failureReasons, type FailureReason } from "@/db/schema/enum-values";

export { failureReasons, type FailureReason };

export type NextStep = "retry" | "other_method" | "top_up" | "contact_bank" | "pay_cash";

/**
 * The one thing we suggest first to the customer (and to the cashier helping them) after a
 * failure. The pay page can still offer the others; this picks what most likely works.
 * None leads with "pay_cash": it only exists at the counter, and this choice does not know
 * the channel; the counter screen offers cash beside whatever is suggested here.
 */
const nextSteps: Record<FailureReason, NextStep> = {
  // The wallet balance or linked card is short: top up, or pay from another card in the app.
  insufficient_funds: "top_up",
  // The customer backed out (closed the wallet, pressed cancel): the same method can just be tried again.
  cancelled_by_customer: "retry",
  // The provider's risk engine refused this payer/payment; retrying the same method is
  // refused the same way, and we must not coach around it: offer another method.
  risk_declined: "other_method",
  // The issuing bank refused; only the bank can tell the customer why or lift the block.
  card_declined: "contact_bank",
  // The payer could not confirm it is them (3-D Secure, wallet password): trying again works.
  authentication_failed: "retry",
  // A daily or monthly limit on the payer's side: the same method fails until it resets.
  limit_exceeded: "other_method",
  // The request ran out of time unpaid: a fresh request with the same method works.
  expired: "retry",
  // No answer in time. Usually transient; the service must first confirm by active query
  // that it did not in fact succeed, so a retry cannot become a duplicate payment.
  timeout: "retry",
  // What arrived differs from the order (an altered request or a wallet-side change): the
  // same method may repeat it, so staff refund what arrived and the customer pays another way.
  amount_mismatch: "other_method",
  // The provider itself is failing; another method is the quickest way to complete the sale.
  provider_error: "other_method",
  // The shop's own set-up is wrong (keys missing or refused): nothing the customer does helps
  // until the merchant fixes it; another method completes the sale.
  merchant_config: "other_method",
  // Nothing to go on: a plain retry is the cheapest thing that often works.
  unknown: "retry",
};

export function nextStepFor(reason: FailureReason): NextStep {
  return nextSteps[reason];
}

/** The providers whose codes we normalize (the sandbox reports ours directly). */
export type ProviderKind = "alipay" | "wechat_pay" | "paypal" | "stripe";

/**
 * Provider failure codes → our reason, one line each with where the code is documented.
 * Keys are upper-case; a code not listed reads as "unknown" (the raw code is always kept).
 */
const providerCodes: Record<ProviderKind, Record<string, FailureReason>> = {
  alipay: {
    // opendocs.alipay.com alipay.trade.pay 业务错误码: 买家余额不足
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": "insufficient_funds",
    // same table: 用户银行卡余额不足
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": "insufficient_funds",
    // same table: 付款码无效 (the payer's code did not authenticate)
    "ACQ.PAYMENT_AUTH_CODE_INVALID": "authentication_failed",
    // same table: 买家付款日限额超限
    "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR": "limit_exceeded",
    // same table: 买家付款月额度超限
    "ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR": "limit_exceeded",
    // same table: 支付有风险
    "ACQ.PAYMENT_REQUEST_HAS_RISK": "risk_declined",
    // same table: 买家状态非法
    "ACQ.BUYER_ENABLE_STATUS_FORBID": "risk_declined",
    // same table: 交易已经关闭
    "ACQ.TRADE_HAS_CLOSE": "expired",
    // same table: 系统错误
    "ACQ.SYSTEM_ERROR": "provider_error",
    // trade_status, docs.open.alipay.com/194/103296: an unpaid trade closed on timeout
    TRADE_CLOSED: "expired",
  },
  wechat_pay: {
    // pay.weixin.qq.com native-payment query-by-out-trade-no, trade_state: 已关闭
    CLOSED: "expired",
    // same enum: 已撤销 (付款码支付), withdrawn before it completed
    REVOKED: "cancelled_by_customer",
    // same enum: 支付失败 (其他原因，如银行返回失败)
    PAYERROR: "provider_error",
    // v3 error codes (pay.weixin.qq.com …/error-code): NOT_ENOUGH 用户账号余额不足
    NOT_ENOUGH: "insufficient_funds",
    // same table: ORDER_CLOSED 当前订单已关闭
    ORDER_CLOSED: "expired",
    // same table: SYSTEM_ERROR 系统异常
    SYSTEM_ERROR: "provider_error",
  },
  paypal: {
    // developer.paypal.com orders v2 capture status_details.reason
    DECLINED_BY_RISK_FRAUD_FILTERS: "risk_declined",
    // developer.paypal.com orders v2 errors: INSTRUMENT_DECLINED, the funding source declined
    INSTRUMENT_DECLINED: "card_declined",
    // same table: TRANSACTION_REFUSED, refused by PayPal
    TRANSACTION_REFUSED: "risk_declined",
    // same table: PAYER_ACTION_REQUIRED, the payer must complete an authentication step
    PAYER_ACTION_REQUIRED: "authentication_failed",
    // same table: PAYER_CANNOT_PAY, no funding source able to pay
    PAYER_CANNOT_PAY: "insufficient_funds",
    // orders v2 capture object, status DECLINED
    DECLINED: "card_declined",
    // orders v2 capture object, status FAILED
    FAILED: "provider_error",
    // orders v2 order object, status VOIDED: never approved before it lapsed
    VOIDED: "expired",
  },
  stripe: {
    // docs.stripe.com/declines/codes: insufficient_funds
    INSUFFICIENT_FUNDS: "insufficient_funds",
    // same page: generic_decline
    GENERIC_DECLINE: "card_declined",
    // same page: do_not_honor
    DO_NOT_HONOR: "card_declined",
    // docs.stripe.com/error-codes: card_declined (no decline_code given)
    CARD_DECLINED: "card_declined",
    // same page: expired_card
    EXPIRED_CARD: "card_declined",
    // same page: incorrect_cvc
    INCORRECT_CVC: "card_declined",
    // same page: incorrect_number
    INCORRECT_NUMBER: "card_declined",
    // docs.stripe.com/declines/codes: fraudulent
    FRAUDULENT: "risk_declined",
    // same page: lost_card
    LOST_CARD: "risk_declined",
    // same page: stolen_card
    STOLEN_CARD: "risk_declined",
    // same page: pickup_card
    PICKUP_CARD: "risk_declined",
    // same page: card_velocity_exceeded
    CARD_VELOCITY_EXCEEDED: "limit_exceeded",
    // same page: withdrawal_count_limit_exceeded
    WITHDRAWAL_COUNT_LIMIT_EXCEEDED: "limit_exceeded",
    // same page: authentication_required (3-D Secure needed and not done)
    AUTHENTICATION_REQUIRED: "authentication_failed",
    // docs.stripe.com/error-codes: payment_intent_authentication_failure
    PAYMENT_INTENT_AUTHENTICATION_FAILURE: "authentication_failed",
    // docs.stripe.com/error-codes: processing_error
    PROCESSING_ERROR: "provider_error",
  },
};

/**
 * Our reason for a provider's failure codes, most specific first (Stripe's decline_code
 * before its code). Unlisted codes read as "unknown"; the raw code stays on the attempt.
 */
export function providerFailureReason(
  provider: ProviderKind,
  ...codes: (string | null | undefined)[]
): FailureReason {
  for (const code of codes) {
    const reason = code ? providerCodes[provider][code.toUpperCase()] : undefined;
    if (reason) return reason;
  }
  return "unknown";
}

/**
 * A request refused because of the shop's own set-up, never the provider's fault: keys
 * missing or refused, a signature the provider cannot verify, an app not authorised. Counted
 * as "merchant_config" (not a provider outage), and no "payment failed" e-mail is sent.
 */
const merchantConfigCodes: Record<ProviderKind | "any", readonly string[]> = {
  // Ours: a connector found ids or keys missing, or could not read a key.
  any: ["NOT_CONFIGURED", "KEY_ERROR"],
  // opendocs.alipay.com 公共错误码: every isv.* code is the integrator's (签名, app_id, 权限).
  alipay: [],
  // pay.weixin.qq.com v3 error codes: 签名错误, 商户号不存在, appid 与 mchid 不匹配, 无权限
  wechat_pay: ["SIGN_ERROR", "MCH_NOT_EXISTS", "APPID_MCHID_NOT_MATCH", "NO_AUTH"],
  // developer.paypal.com/api/rest/reference/orders/v2/errors + OAuth: bad client credentials
  paypal: ["INVALID_CLIENT", "AUTHENTICATION_FAILURE", "NOT_AUTHORIZED", "PERMISSION_DENIED"],
  // docs.stripe.com/error-codes: an invalid or revoked key answers 401 (no code)
  stripe: ["HTTP_401", "HTTP_403", "API_KEY_EXPIRED", "SECRET_KEY_REQUIRED"],
};

export function isMerchantConfigError(provider: string, code: string | null | undefined): boolean {
  if (!code) return false;
  const c = code.toUpperCase();
  if (merchantConfigCodes.any.includes(c)) return true;
  if (provider === "alipay") return c.startsWith("ISV.");
  const own = (merchantConfigCodes as Record<string, readonly string[] | undefined>)[provider];
  return own?.includes(c) ?? false;
}
