import type { promotionBenefits } from "@/db/schema";

/*
 * Promotion pricing, pure: which promotions a payment request may take and what each gives,
 * in exact minor units. Rounding: a percentage is rounded half up to the minor unit (the fen),
 * then capped. The customer always pays at least one minor unit (no provider takes a request
 * for zero), so a line is cut back to leave it.
 */

export type PromotionBenefit = (typeof promotionBenefits)[number];

/** A promotion as pricing reads it, with its budget and this customer's uses as of now. */
export interface PricedPromotion {
  id: string;
  enabled: boolean;
  currency: string;
  anyWallet: boolean;
  methodIds: readonly string[];
  storeIds: readonly string[];
  /** Shop-local dates YYYY-MM-DD, both included. */
  startsOn: string;
  endsOn: string;
  /** Shop-local hours [from, to). */
  hourFrom: number;
  hourTo: number;
  minOrderMinor: bigint;
  benefit: PromotionBenefit;
  amountOffMinor: bigint | null;
  percentOffBps: number | null;
  capMinor: bigint | null;
  itemName: string | null;
  itemPriceMinor: bigint | null;
  stackable: boolean;
  /** Budget less what open and paid requests hold. */
  remainingMinor: bigint;
  perCustomerLimit: number | null;
  /** Discounts this customer already holds or got from it; 0 when not recognised. */
  customerUses: number;
}

/** The request being priced: a whole order paid in one part (see promotion-hold.service.ts). */
export interface PricingRequest {
  methodId: string;
  methodKind: string;
  storeId: string;
  currency: string;
  amountMinor: bigint;
  items: readonly { name: string; quantity: number; unitPriceMinor: bigint }[];
  /** Shop-local date (YYYY-MM-DD) and hour (0–23) of the request. */
  localDate: string;
  localHour: number;
  /** Whether the customer is recognised (the per-customer limit only binds them). */
  customerKnown: boolean;
}

export interface DiscountLine {
  promotionId: string;
  amountMinor: bigint;
}

export interface Pricing {
  originalMinor: bigint;
  discountMinor: bigint;
  toPayMinor: bigint;
  lines: DiscountLine[];
}

/** Whether the promotion's rules admit this request (its budget is checked on its discount). */
export function isEligible(p: PricedPromotion, r: PricingRequest): boolean {
  if (!p.enabled || p.currency !== r.currency) return false;
  if (r.methodKind === "cash") return false;
  if (!p.anyWallet && !p.methodIds.includes(r.methodId)) return false;
  if (p.storeIds.length > 0 && !p.storeIds.includes(r.storeId)) return false;
  if (r.localDate < p.startsOn || r.localDate > p.endsOn) return false;
  if (r.localHour < p.hourFrom || r.localHour >= p.hourTo) return false;
  if (r.amountMinor < p.minOrderMinor) return false;
  if (r.customerKnown && p.perCustomerLimit !== null && p.customerUses >= p.perCustomerLimit)
    return false;
  return true;
}

/** a × bps / 10 000, rounded half up to the minor unit (non-negative amounts only). */
export function percentOf(amountMinor: bigint, bps: number): bigint {
  return (amountMinor * BigInt(bps) * 2n + 10_000n) / 20_000n;
}

/** What the promotion's benefit takes off `baseMinor` (before the one-unit floor). */
export function benefitOf(p: PricedPromotion, r: PricingRequest, baseMinor: bigint): bigint {
  switch (p.benefit) {
    case "amount_off":
      return p.amountOffMinor ?? 0n;
    case "percent_off": {
      const off = percentOf(baseMinor, p.percentOffBps ?? 0);
      return p.capMinor !== null && off > p.capMinor ? p.capMinor : off;
    }
    case "item_price":
      // Each unit of the named item at the promotion's price (never a price rise).
      return r.items
        .filter((i) => i.name === p.itemName && p.itemPriceMinor !== null)
        .reduce((sum, i) => {
          const off = i.unitPriceMinor - (p.itemPriceMinor ?? i.unitPriceMinor);
          return off > 0n ? sum + off * BigInt(i.quantity) : sum;
        }, 0n);
  }
}

/** Applies promotions one after the other on what is still to pay; a line out of budget is dropped whole. */
function applyInTurn(list: readonly PricedPromotion[], r: PricingRequest): DiscountLine[] {
  const lines: DiscountLine[] = [];
  let toPay = r.amountMinor;
  for (const p of list) {
    const room = toPay - 1n;
    let off = benefitOf(p, r, toPay);
    if (off > room) off = room;
    // A promotion applies whole or not at all: a part-discount the counter cannot explain.
    if (off <= 0n || off > p.remainingMinor) continue;
    lines.push({ promotionId: p.id, amountMinor: off });
    toPay -= off;
  }
  return lines;
}

const total = (lines: readonly DiscountLine[]) => lines.reduce((s, l) => s + l.amountMinor, 0n);

/**
 * The request's price: of the eligible promotions, one alone (the best non-stackable) or all
 * the stackable ones together (largest first), whichever takes more off; on a tie, the single
 * one (one line to explain). Never two non-stackable promotions.
 */
export function pricePromotions(
  promotions: readonly PricedPromotion[],
  r: PricingRequest,
): Pricing {
  const eligible = promotions.filter((p) => isEligible(p, r));
  const options: DiscountLine[][] = eligible
    .filter((p) => !p.stackable)
    .map((p) => applyInTurn([p], r));
  const stackable = eligible
    .filter((p) => p.stackable)
    .map((p) => ({ p, off: benefitOf(p, r, r.amountMinor) }))
    .sort((a, b) => (a.off === b.off ? a.p.id.localeCompare(b.p.id) : a.off > b.off ? -1 : 1))
    .map((x) => x.p);
  if (stackable.length > 0) options.push(applyInTurn(stackable, r));
  let best: DiscountLine[] = [];
  for (const option of options) {
    const better = total(option) > total(best);
    const tieFewer = total(option) === total(best) && option.length < best.length;
    if (option.length > 0 && (better || tieFewer)) best = option;
  }
  const discountMinor = total(best);
  return {
    originalMinor: r.amountMinor,
    discountMinor,
    toPayMinor: r.amountMinor - discountMinor,
    lines: best,
  };
}

/** The merchant's part of a discount when a provider funds `providerShareBps` of it (half up to the provider). */
export function merchantShareOf(discountMinor: bigint, providerShareBps: number): bigint {
  return discountMinor - percentOf(discountMinor, providerShareBps);
}
