import { z } from "zod";

/** The same bounds as sign-in (better-auth's minimum of 8) and the team page. */
export const newPasswordSchema = z
  .string()
  .min(8, { message: "passwordTooShort" })
  .max(128, { message: "tooLong" });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { message: "required" }).max(128, { message: "tooLong" }),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const revokeSessionInput = z.object({ sessionId: z.uuid() });
