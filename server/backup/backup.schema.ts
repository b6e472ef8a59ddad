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

/** Settings → Backup → schedule: a daily local hour, how many to keep, on or off. */
export const backupScheduleInput = z.object({
  enabled: z.boolean(),
  hour: z.number().int().min(0).max(23),
  keep: z.number().int().min(1).max(365),
});
export type BackupScheduleInput = z.infer<typeof backupScheduleInput>;
