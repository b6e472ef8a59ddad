import { and, eq, inArray, or, sql } from "drizzle-orm";
import {
  alerts,
  customers,
  orders,
  outbox,
  paymentFailures,
  promotionHolds,
  receiptFeedback,
  supportNotes,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { customerHash, normaliseContact } from "./customer-key.logic";
import { customerKeyOf } from "./customer-key";
import type { EraseCustomerInput } from "./customer.schema";

/**
 * An owner erases one customer on their request, in one audited transaction: the hash that
 * recognised them, the contact on their orders (and its copies in the failure log, the
 * e-mails and the alerts), and what they said on their receipts with the replies to it. The
 * orders and the roll-ups keep their amounts, now anonymous; the audit row names how much
 * was erased, never who.
 */
export async function eraseCustomer(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: EraseCustomerInput,
  key = customerKeyOf,
) {
  return db.transaction(async (tx) => {
    let customerId: string | null = null;
    let contact: string | null = null;
    if ("orderId" in input) {
      const [order] = await tx
        .select({ customerId: orders.customerId, contact: orders.customerContact })
        .from(orders)
        .where(and(eq(orders.id, input.orderId), eq(orders.merchantId, merchantId)));
      if (!order) throw new DomainError("NOT_FOUND", "orderNotFound", "Order not found");
      customerId = order.customerId;
      contact = normaliseContact(order.contact);
    } else {
      contact = normaliseContact(input.contact);
      if (!contact) {
        throw new DomainError("VALIDATION", "contactInvalid", "Not an e-mail or phone number");
      }
      const hash = customerHash(key(merchantId), { kind: "contact", value: contact });
      const [found] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.merchantId, merchantId), eq(customers.keyHash, hash)));
      customerId = found?.id ?? null;
    }
    // Their orders: those linked to their row, and any other with the same contact.
    const contactMatches = contact
      ? sql`(case when position('@' in ${orders.customerContact}) > 0
              then lower(btrim(${orders.customerContact}))
              else regexp_replace(${orders.customerContact}, '[^0-9+]', '', 'g') end) = ${contact}`
      : undefined;
    const theirs = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, merchantId),
          or(customerId ? eq(orders.customerId, customerId) : undefined, contactMatches),
        ),
      );
    const orderIds = theirs.map((o) => o.id);
    if (orderIds.length === 0 && !customerId) {
      throw new DomainError("NOT_FOUND", "customerNotFound", "No customer matches");
    }
    let feedbackErased = 0;
    if (orderIds.length > 0) {
      const feedback = await tx
        .delete(receiptFeedback)
        .where(inArray(receiptFeedback.orderId, orderIds))
        .returning({ replyNoteId: receiptFeedback.replyNoteId });
      feedbackErased = feedback.length;
      const replies = feedback.flatMap((f) => (f.replyNoteId ? [f.replyNoteId] : []));
      if (replies.length > 0)
        await tx.delete(supportNotes).where(inArray(supportNotes.id, replies));
      await tx
        .update(orders)
        .set({ customerContact: null, customerId: null })
        .where(inArray(orders.id, orderIds));
      await tx
        .update(paymentFailures)
        .set({ customerContact: null })
        .where(inArray(paymentFailures.orderId, orderIds));
      // Their discount lines keep the amounts; the key that counted them per customer goes.
      await tx
        .update(promotionHolds)
        .set({ customerKey: null })
        .where(inArray(promotionHolds.orderId, orderIds));
      // Their e-mails: the address blanked; one not yet sent is not sent.
      await tx
        .update(outbox)
        .set({
          payload: sql`jsonb_set(${outbox.payload}, '{to}', '"erased"')`,
          state: sql`case when ${outbox.state} = 'pending' then 'skipped'::outbox_state else ${outbox.state} end`,
        })
        .where(
          and(
            eq(outbox.merchantId, merchantId),
            sql`${outbox.payload}->>'orderId' in (${sql.join(
              orderIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          ),
        );
    }
    if (contact) {
      await tx
        .update(alerts)
        .set({ details: sql`jsonb_set(${alerts.details}, '{contact}', '"erased"')` })
        .where(
          and(eq(alerts.merchantId, merchantId), sql`${alerts.details}->>'contact' = ${contact}`),
        );
    }
    if (customerId) {
      await tx
        .update(customers)
        .set({ keyHash: null, erasedAt: new Date() })
        .where(and(eq(customers.id, customerId), eq(customers.merchantId, merchantId)));
    }
    await recordAudit(tx, actor, {
      merchantId,
      action: "customer.erase",
      entityType: "customer",
      entityId: customerId,
      after: { orders: orderIds.length, feedback: feedbackErased },
    });
    return { orders: orderIds.length, feedback: feedbackErased };
  });
}
