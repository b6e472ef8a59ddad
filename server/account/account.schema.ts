import { z } from "zod";
import { maxPasswordLength, minPasswordLength } from "@/server/auth/password-rule";

/** Any password a person is given or chooses (see password-rule.ts). */
export const newPasswordSchema = z
  .string({ message: "required" })
  .min(minPasswordLength, { message: "passwordTooShort" })
  .max(maxPasswordLength, { message: "tooLong" });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { message: "required" }).max(128, { message: "tooLong" }),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const revokeSessionInput = z.object({ sessionId: z.uuid() });

/** "Confirm it's you": the password, or a code from the app or a backup code. */
export const stepUpInput = z.union([
  z.object({
    password: z.string().min(1, { message: "required" }).max(128, { message: "tooLong" }),
  }),
  z.object({
    code: z.string().trim().min(1, { message: "required" }).max(32, { message: "tooLong" }),
  }),
]);
export type StepUpInput = z.infer<typeof stepUpInput>;
