import { z } from "zod";
import { newPasswordSchema } from "@/server/account/account.schema";
import { nameSchema } from "@/server/text/name.schema";

export const removeDemoDataInput = z.object({
  /** The shop's name, typed: the confirmation that this cannot be undone. */
  confirmName: z.string().trim().min(1, { message: "required" }).max(100, { message: "tooLong" }),
  /**
   * When the owner is signed in with the demo owner account (its password is public), the
   * account keeps going only with the owner's own e-mail and password.
   */
  ownerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "invalidEmail" }))
    .optional(),
  ownerName: nameSchema(100).optional(),
  ownerPassword: newPasswordSchema.optional(),
});
export type RemoveDemoDataInput = z.infer<typeof removeDemoDataInput>;
