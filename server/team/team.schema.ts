import { z } from "zod";
import { roles } from "@/db/schema/enum-values";
import { newPasswordSchema } from "@/server/account/account.schema";
import { nameSchema } from "@/server/text/name.schema";

export const roleSchema = z.enum(roles);

export const addMemberInput = z.object({
  // Trim before validating: zod runs `z.email()`'s format check before a chained `.trim()`.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "invalidEmail" })),
  // Both always asked, whether the e-mail has an account or not, so the dialog never tells
  // which (an existing account keeps its own name and password, and answers the invitation).
  name: nameSchema(100),
  role: roleSchema,
  password: newPasswordSchema,
});
export type AddMemberInput = z.infer<typeof addMemberInput>;

export const withdrawInvitationInput = z.object({ invitationId: z.uuid() });
export const invitationAnswerInput = z.object({ invitationId: z.uuid() });

export const changeRoleInput = z.object({ membershipId: z.uuid(), role: roleSchema });
export const removeMemberInput = z.object({ membershipId: z.uuid() });

export const resetPasswordInput = z.object({
  membershipId: z.uuid(),
  temporaryPassword: newPasswordSchema,
});
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

export const renameMemberInput = z.object({
  membershipId: z.uuid(),
  name: nameSchema(100),
});
export type RenameMemberInput = z.infer<typeof renameMemberInput>;
