import { z } from "zod";

/** The Settings → Backup form: an optional passphrase (empty means not encrypted). */
export const backupDownloadInput = z.object({
  passphrase: z
    .string()
    .max(1024)
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v.length >= 8, { message: "backupPassphraseShort" }),
});
