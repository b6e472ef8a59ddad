import { roles } from "@/db/schema/role-values";

export type Role = (typeof roles)[number];
export { roles };

/**
 * The console's areas and which roles may open them. The sidebar shows an area only
 * when it exists here and the role is listed; procedures use the same table, so the
 * menu and the server can never disagree.
 */
export const areaAccess = {
  home: ["owner", "manager", "staff", "analyst"],
  orders: ["owner", "manager", "staff", "analyst"],
  paymentMethods: ["owner", "manager", "staff", "analyst"],
  redeem: ["owner", "manager", "staff"],
  shifts: ["owner", "manager", "staff"],
  vouchers: ["owner", "manager", "analyst"],
  promotions: ["owner", "manager"],
  failures: ["owner", "manager", "staff", "analyst"],
  refunds: ["owner", "manager", "staff", "analyst"],
  reconciliation: ["owner", "manager", "analyst"],
  team: ["owner"],
  stores: ["owner", "manager"],
  analytics: ["owner", "manager", "analyst"],
  reports: ["owner", "manager", "analyst"],
  alerts: ["owner", "manager"],
  feedback: ["owner", "manager"],
  settings: ["owner", "manager", "staff", "analyst"],
  guides: ["owner", "manager", "staff", "analyst"],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof areaAccess;

export function canAccess(role: Role, area: Area): boolean {
  return (areaAccess[area] as readonly Role[]).includes(role);
}

export function areasFor(role: Role): Area[] {
  return (Object.keys(areaAccess) as Area[]).filter((a) => canAccess(role, a));
}

/**
 * Analysts study patterns; what a customer left to be reached at (contact, the order's note)
 * is none of their business, on the order page as in the failure log and its export.
 */
export function seesCustomerContact(role: Role): boolean {
  return role !== "analyst";
}

/** Only the owner edits the merchant profile; others read it. */
export function canEditMerchantSettings(role: Role): boolean {
  return role === "owner";
}

/** Who may download a backup: it holds everything, people and credentials included. */
export const backsUp: readonly Role[] = ["owner"];

/** Who sees the operations page (database, backups, background jobs: the whole install). */
export const runsOperations: readonly Role[] = ["owner"];
/** The audit log (who did what, with the chain check) is the owner's: it shows every person's acts. */
export const readsAuditLog: readonly Role[] = ["owner"];

/** Who may take payments: create orders and payment requests, take cash, cancel. */
export const takesPayments: readonly Role[] = ["owner", "manager", "staff"];

/** Who may close stale pending orders in bulk (the orders list). */
export const closesStaleOrders: readonly Role[] = ["owner", "manager"];
/** Who adds, renames, closes and reopens stores; managers see them read-only. */
export const managesStores: readonly Role[] = ["owner"];
export const readsStores: readonly Role[] = ["owner", "manager"];
/** Who keeps a store's catalogue of quick-key items: it changes with the menu, a manager's daily work. */
export const managesCatalogue: readonly Role[] = ["owner", "manager"];

/** Who may configure payment methods (fees, currencies, credentials). */
export const configuresMethods: readonly Role[] = ["owner", "manager"];

/**
 * Who may save the shop's payment-method scorecard (weights and ratings): it is the shop's
 * own judgement of its methods, so those who choose the methods set it; analysts read it.
 */
export const tunesScorecard: readonly Role[] = ["owner", "manager"];

/** Who may reverse a redemption (撤销核销), void a voucher and set the voucher rules. */
/** Promotions spend the merchant's money: run by those who set prices. */
export const runsPromotions: readonly Role[] = areaAccess.promotions;

export const managesVouchers: readonly Role[] = ["owner", "manager"];
/** Who may edit the training guides and follow everyone's progress on them. */
export const editsGuides: readonly Role[] = ["owner", "manager"];
/** Who sees failure statistics (rates, recovery, trends): not the counter, which has the log. */
export const seesFailureAnalytics: readonly Role[] = ["owner", "manager", "analyst"];

/** Who is shown and resolves alerts (failure spikes, duplicate payments, …). */
export const handlesAlerts: readonly Role[] = areaAccess.alerts;

/** Who reads and writes support notes (客服) and sees the messages sent to customers. */
export const handlesSupport: readonly Role[] = ["owner", "manager", "staff"];

/** Who may ask for a refund (a cashier's request waits for a manager's approval). */
export const asksRefunds: readonly Role[] = ["owner", "manager", "staff"];
/** Who approves or refuses refunds (above the owner's threshold, only the owner). */
export const approvesRefunds: readonly Role[] = ["owner", "manager"];
/** Who sees the refunds of the shop: the refunds area. */
export const readsRefunds: readonly Role[] = areaAccess.refunds;
/** Who reads statements, differences and closed days (对账). */
export const readsReconciliation: readonly Role[] = areaAccess.reconciliation;
/** Who imports statements, resolves differences and closes days. */
export const reconciles: readonly Role[] = ["owner", "manager"];
/** Who reads the day's report (日结) of the shop's stores, on screen, printed or downloaded. */
export const readsDailyReport: readonly Role[] = areaAccess.reports;

/**
 * Who keeps a cash drawer's shift (交班): opens it with a float, records paid-outs, closes it
 * by counting; each their own shift only (a shift its cashier cannot close is closed for
 * them by those who confirm).
 */
export const keepsShifts: readonly Role[] = areaAccess.shifts;
/**
 * Who sees every shift, confirms a closed count (with a note on its difference) and closes a
 * shift for a cashier who cannot (gone home, removed, another role). Analysts
 * have none: a shift names one person's shortfall, which is the managers' business, and the
 * shop's cash figures reach analysts through the roll-ups.
 */
export const confirmsShifts: readonly Role[] = ["owner", "manager"];
