import { z } from "zod";
import { majorAmount } from "@/app/_lib/form-schema";
import { requestRefundInput } from "@/server/refunds/refund.schema";

const refund = requestRefundInput.shape;
const why = { reason: refund.reason, reasonText: refund.reasonText };

/**
 * The refund dialog on one payment with `refundable` left: all of it or a part typed in major
 * units, checked with the shapes of `requestRefundInput` (what `refunds.request` takes) and
 * two rules the dialog says first: no more than is left, and "other" says why in the note.
 */
export function refundForm(currency: string, refundable: bigint) {
  return z
    .discriminatedUnion("extent", [
      z.object({ extent: z.literal("full"), ...why }),
      z.object({
        extent: z.literal("partial"),
        amountMinor: majorAmount(
          currency,
          refund.amountMinor.pipe(
            z.bigint().max(refundable, { message: "orderRefunds.dialog.amountTooHigh" }),
          ),
        ),
        ...why,
      }),
    ])
    .refine((r) => r.reason !== "other" || r.reasonText?.trim(), {
      message: "orderRefunds.dialog.noteRequired",
      path: ["reasonText"],
      // Said together with an amount that does not read, not only once it does.
      when: () => true,
    })
    .transform(({ reason, reasonText, ...extent }) => ({
      reason,
      reasonText,
      amountMinor: extent.extent === "full" ? refundable : extent.amountMinor,
    }));
}

/** What the refund dialog sends, once read. */
export type RefundAsked = z.output<ReturnType<typeof refundForm>>;
