/**
 * Who the customer is, for a promotion's per-customer limit: for now the contact the order
 * carries (trimmed, lower-cased), null when it has none. The join point for the customer
 * habits work (issue #19), which recognises customers by a keyed hash of the provider's buyer
 * id: swap the body, keep the signature.
 */
export function customerKeyOf(order: { customerContact: string | null }): string | null {
  const contact = order.customerContact?.trim().toLowerCase();
  return contact ? `contact:${contact}` : null;
}
