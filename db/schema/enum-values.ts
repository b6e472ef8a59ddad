// The value lists of the database's enums (and a few lists stored as text), apart from the
// pgEnum declarations in enums.ts: pure logic and forms read them in the browser, and a module
// that imports drizzle's pg-core brings its column classes into the page's scripts with it.

export const locales = ["zh-CN", "en"] as const;

// In a module of its own: the browser reads roles through server/auth/roles.logic.ts (the
// settings page's two-factor card), and a page downloads the whole of a module it imports.
export { roles } from "./role-values";

/** See server/team/invitation-state.logic.ts for what may follow what. */
export const invitationStatuses = ["pending", "accepted", "declined", "withdrawn"] as const;

export const paymentMethodKinds = [
  "alipay",
  "wechat_pay",
  "paypal",
  "stripe",
  "cash",
  "sandbox",
] as const;

export const paymentModes = ["sandbox", "live"] as const;

export const orderStatuses = [
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
  "expired",
] as const;

export const orderChannels = ["in_store", "online"] as const;

export const attemptStatuses = [
  "created",
  "pending",
  "succeeded",
  "failed",
  "expired",
  "cancelled",
] as const;

/** What became of a provider notification in our inbox. */
export const notificationOutcomes = [
  "applied",
  "duplicate",
  "ignored",
  "mismatch",
  "rejected",
] as const;

/**
 * Where an outbox message stands with its sender: due (`pending`), claimed by a worker and
 * being handed to the mail server (`sending`), handed over (`sent`), given up after its last
 * try (`failed`), or dropped as no longer useful (`skipped`).
 */
export const outboxStates = ["pending", "sending", "sent", "failed", "skipped"] as const;
/** See server/vouchers/voucher-state.logic.ts for what may follow what. */
export const voucherStatuses = ["issued", "redeemed", "void"] as const;

/**
 * Why a payment attempt failed, normalized from each provider's own codes. Stored as text
 * (not a database enum), so adding a reason needs no migration.
 */
export const failureReasons = [
  "insufficient_funds",
  "cancelled_by_customer",
  "risk_declined",
  "card_declined",
  "authentication_failed",
  "limit_exceeded",
  "expired",
  "timeout",
  "amount_mismatch",
  "provider_error",
  "merchant_config",
  "unknown",
] as const;
export type FailureReason = (typeof failureReasons)[number];

/** See server/payments/state.logic.ts (refundTransitions) for what may follow what. */
export const refundStatuses = [
  "awaiting_approval",
  "requested",
  "pending",
  "succeeded",
  "failed",
] as const;

/**
 * What a provider gives back of its fee when a payment is refunded: all of it, the refunded
 * share of it (WeChat Pay, Alipay), or none (Stripe keeps its fee).
 */
export const refundFeeRules = ["full", "proportional", "none"] as const;

/** Why a refund is made (the dialog's list; free text beside it says more). */
export const refundReasons = [
  "customer_request",
  "duplicate_payment",
  "wrong_amount",
  "product_issue",
  "order_cancelled",
  "other",
] as const;

/** The statement layouts Hexiao reads (server/reconciliation/parsers/). */
export const statementFormats = [
  "wechat_trade",
  "alipay_trade",
  "paypal_trr",
  "stripe_balance",
  "stripe_itemized",
  "generic_csv",
] as const;

/**
 * A statement is `importing` while its lines are written in batches (invisible to matching),
 * `imported` once matched in one transaction, `failed` when the file was refused or the import
 * was cut off (its lines are removed and the same file may be brought again).
 */
export const statementStatuses = ["importing", "imported", "failed"] as const;

/** A statement line moves money in (payment), back (refund), or is something else (fee, payout, hold). */
export const statementLineKinds = ["payment", "refund", "other"] as const;

/**
 * Where a line stands after matching: agrees with our books (`matched`), has a difference
 * (see reconDifferences), was already brought by an earlier statement (`repeat`, not counted
 * twice), or moves no money we keep books of (`ignored`: kind other, memo rows).
 */
export const statementLineStates = [
  "pending",
  "matched",
  "difference",
  "repeat",
  "ignored",
] as const;

/**
 * What differs between the provider's statement and our books. `missing_here`: the provider
 * has a payment we do not (a lost notification, 掉单); `missing_there`: we have a payment the
 * provider does not list; the rest compare one line with one attempt or refund.
 */
export const reconDifferenceKinds = [
  "missing_here",
  "missing_there",
  "amount_mismatch",
  "fee_mismatch",
  "refund_mismatch",
  "duplicate_line",
] as const;

/** `cleared`: the difference stopped holding by itself (a later statement or payment matched it). */
export const reconDifferenceStatuses = ["open", "resolved", "cleared"] as const;

/** How a person resolved a difference (audited; nothing is deleted). */
export const reconResolutions = [
  "applied_by_query",
  "accepted",
  "provider_error",
  "fee_rule_corrected",
] as const;

export const reconDayStatuses = ["open", "closed"] as const;

/** An alert's life: see server/alerts/alert.logic.ts for the moves between them. */
export const alertStatuses = ["open", "acknowledged", "resolved"] as const;

/** A cash drawer's shift: see server/shifts/shift.logic.ts for the moves between them. */
export const shiftStatuses = ["open", "closed", "confirmed"] as const;

/** Why cash left the drawer during a shift without a sale's refund. */
export const paidOutKinds = ["supplier", "petty_cash", "other"] as const;

/**
 * What kind of failure a record is: an attempt the provider refused (`failed`), one that ran
 * out of time (`expired`), a genuine notification whose amount or currency differed from the
 * order (`amount_mismatch`), a notification we could not verify (`notification_rejected`), or a
 * refund the provider refused (`refund_failed`).
 */
export const failureKinds = [
  "failed",
  "expired",
  "amount_mismatch",
  "notification_rejected",
  "refund_failed",
] as const;

/** What a promotion gives (server/promotions/pricing.logic.ts prices each). */
export const promotionBenefits = ["amount_off", "percent_off", "item_price"] as const;
