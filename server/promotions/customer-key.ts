import { customerKeyOf } from "@/server/customers/customer-key";
import { customerHash, normaliseContact } from "@/server/customers/customer-key.logic";

/**
 * Who the customer is, for a promotion's per-customer limit: the same keyed hash the customer
 * habits keep (server/customers), of the contact the order carries — a request is priced before
 * the provider has named its buyer, so the contact is all there is. Null when the order has no
 * usable contact: such a customer cannot be limited. Never the contact itself, so the discount
 * lines hold nothing an erasure would have to find in clear text.
 */
export function promotionCustomerKey(order: {
  merchantId: string;
  customerContact: string | null;
}): string | null {
  const contact = normaliseContact(order.customerContact);
  if (!contact) return null;
  return customerHash(customerKeyOf(order.merchantId), { kind: "contact", value: contact });
}
