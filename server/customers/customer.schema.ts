import { z } from "zod";

/** The customer to erase: the one who paid this order, or the one with this contact. */
export const eraseCustomerInput = z.union([
  z.object({ orderId: z.uuid() }),
  z.object({ contact: z.string().trim().min(3).max(200) }),
]);
export type EraseCustomerInput = z.infer<typeof eraseCustomerInput>;
