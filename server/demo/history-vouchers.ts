import { createHash } from "node:crypto";
import type { orders, paymentAttempts, voucherRedemptions, vouchers } from "@/db/schema";
import { generateCode } from "@/server/vouchers/voucher-code.logic";

type OrderRow = typeof orders.$inferSelect;
type AttemptRow = typeof paymentAttempts.$inferSelect;

/** Days an imported voucher stays valid, so older unused ones show as breakage. */
const validDays = 30;

/** A byte stream from the paying request's token: reproducible with the history, unguessable like the token. */
function bytesFrom(token: string) {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n; counter++) {
      const block = createHash("sha256").update(`${token}:voucher:${counter}`).digest();
      out.set(block.subarray(0, Math.min(block.length, n - filled)), filled);
      filled += block.length;
    }
    return out;
  };
}

function uuidFrom(bytes: Uint8Array): string {
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
 */
export function historyVouchers(batch: { order: OrderRow; attempts: AttemptRow[] }[], now: Date) {
  const voucherRows: (typeof vouchers.$inferSelect)[] = [];
  const redemptionRows: (typeof voucherRedemptions.$inferSelect)[] = [];
  for (const { order, attempts } of batch) {
    const paid = attempts.find((a) => a.status === "succeeded" && !a.isDuplicate);
    if (order.status !== "paid" || !order.paidAt || !paid) continue;
    const random = bytesFrom(paid.token);
    const id = uuidFrom(random(16));
    const roll = random(2);
    const redeemedAt = new Date(order.paidAt.getTime() + (2 + (roll[0]! % 20)) * 60_000);
    const isRedeemed = roll[1]! % 7 !== 0 && redeemedAt < now;
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
      status: isRedeemed ? "redeemed" : "issued",
      voidReason: null,
      voidedAt: null,
      createdAt: order.paidAt,
      updatedAt: isRedeemed ? redeemedAt : order.paidAt,
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
