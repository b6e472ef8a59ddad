/** The order's voucher was already used: how often, last by whom and when (the server's details). */
export interface VoucherUse {
  uses: number;
  by: string;
  at: string;
}

/**
 * The voucher use the server reports when it refuses a refund until someone confirms it
 * (`refundRedeemedVoucher`); null for any other error.
 */
export function voucherUseOf(err: unknown): VoucherUse | null {
  const data = (err as { data?: { messageKey?: string; details?: Partial<VoucherUse> } } | null)
    ?.data;
  if (data?.messageKey !== "refundRedeemedVoucher") return null;
  return {
    uses: Number(data.details?.uses ?? 1),
    by: String(data.details?.by ?? "—"),
    at: String(data.details?.at ?? ""),
  };
}
