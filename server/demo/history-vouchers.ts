import { createHash } from "node:crypto";
import type { orders, paymentAttempts, refunds, voucherRedemptions, vouchers } from "@/db/schema";
import { generateCode } from "@/server/vouchers/voucher-code.logic";

type OrderRow = typeof orders.$inferSelect;
type AttemptRow = typeof paymentAttempts.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

/** Days an imported voucher stays valid, so older unused ones show as breakage. */
const validDays = 30;

/**
 * A byte stream from the paying request's token, one per purpose: reproducible with the
 * history, unguessable like the token, and drawing nothing from the history's own generator.
 */
export function bytesFrom(token: string, purpose: "voucher" | "refund") {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n; counter++) {
      const block = createHash("sha256").update(`${token}:${purpose}:${counter}`).digest();
      out.set(block.subarray(0, Math.min(block.length, n - filled)), filled);
      filled += block.length;
    }
    return out;
  };
}

export function uuidFrom(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString("hex").split("");
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The vouchers imported paid orders would have got, and their redemptions: most redeemed at
 * the counter a few minutes after payment by the cashier who took the order, about one in
 * seven never used (outstanding while valid, breakage once expired). Single use, any store.
 * A full refund voids the voucher (a use after it never happened); a partial one leaves a
 * single-use voucher as it was.
 */
export function historyVouchers(
  batch: { order: OrderRow; attempts: AttemptRow[]; refunds: RefundRow[] }[],
  now: Date,
) {
  const voucherRows: (typeof vouchers.$inferSelect)[] = [];
  const redemptionRows: (typeof voucherRedemptions.$inferSelect)[] = [];
  for (const { order, attempts, refunds } of batch) {
    const paid = attempts.find((a) => a.status === "succeeded" && !a.isDuplicate);
    if (!order.paidAt || !paid) continue;
    const voidedAt = order.status === "refunded" ? (refunds[0]?.succeededAt ?? null) : null;
    const random = bytesFrom(paid.token, "voucher");
    const id = uuidFrom(random(16));
    const roll = random(2);
    const redeemedAt = new Date(order.paidAt.getTime() + (2 + (roll[0]! % 20)) * 60_000);
    const isRedeemed =
      roll[1]! % 7 !== 0 && redeemedAt < now && (voidedAt === null || redeemedAt < voidedAt);
    voucherRows.push({
      id,
      merchantId: order.merchantId,
      orderId: order.id,
      code: generateCode(random),
      storeId: null,
      valueMinor: order.amountMinor,
      currency: order.currency,
      usesTotal: 1,
      usesLeft: isRedeemed ? 0 : 1,
      expiresAt: new Date(order.paidAt.getTime() + validDays * 86_400_000),
      status: voidedAt ? "void" : isRedeemed ? "redeemed" : "issued",
      voidReason: voidedAt ? "Order refunded" : null,
      voidedAt,
      createdAt: order.paidAt,
      updatedAt: voidedAt ?? (isRedeemed ? redeemedAt : order.paidAt),
    });
    if (isRedeemed) {
      redemptionRows.push({
        id: uuidFrom(random(16)),
        merchantId: order.merchantId,
        voucherId: id,
        staffUserId: order.createdBy,
        storeId: order.storeId,
        deviceId: null,
        redeemedAt,
        reversedAt: null,
        reversedBy: null,
        reverseReason: null,
      });
    }
  }
  return { vouchers: voucherRows, redemptions: redemptionRows };
}
