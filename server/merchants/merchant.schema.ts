import { z } from "zod";
import { locales, roles } from "@/db/schema/enum-values";
import { nameSchema } from "@/server/text/name.schema";

/**
 * The time zones a shop may choose: every one this server's Intl data knows, and UTC (some ICU
 * builds list it only as an alias). The pickers offer this list (app/api/intl-choices).
 */
export const acceptedTimeZones = [...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])];
/** The currencies a shop may choose: every one this server's Intl data knows. */
export const acceptedCurrencies = Intl.supportedValuesOf("currency");
const timeZones = new Set(acceptedTimeZones);
const currencies = new Set(acceptedCurrencies);

// Messages are catalogue keys under `errors.` so forms show them in the user's language.
export const timeZoneSchema = z
  .string()
  .refine((tz) => timeZones.has(tz), { message: "invalidTimeZone" });

export const currencySchema = z
  .string()
  .length(3, { message: "invalidCurrency" })
  .transform((c) => c.toUpperCase())
  .refine((c) => currencies.has(c), { message: "invalidCurrency" });

export const localeSchema = z.enum(locales);

export const updateMerchantSettingsInput = z.object({
  name: nameSchema(100),
  timeZone: timeZoneSchema,
  defaultCurrency: currencySchema,
  locale: localeSchema,
});
export type UpdateMerchantSettingsInput = z.infer<typeof updateMerchantSettingsInput>;

/**
 * The owner's refund approval amount, in minor units of the shop's default currency: a refund
 * above it waits for the owner even when a manager asks. Null: managers decide every refund.
 */
export const updateRefundApprovalInput = z.object({
  thresholdMinor: z.coerce
    .bigint({ message: "invalidAmount" })
    .min(0n, { message: "invalidAmount" })
    .max(10n ** 15n, { message: "invalidAmount" })
    .nullable(),
});
export type UpdateRefundApprovalInput = z.infer<typeof updateRefundApprovalInput>;

/** The roles whose members must sign in with an authenticator app in this shop. */
export const updateTwoFactorRolesInput = z.object({
  roles: z
    .array(z.enum(roles))
    .max(roles.length)
    .transform((r) => [...new Set(r)]),
});
export type UpdateTwoFactorRolesInput = z.infer<typeof updateTwoFactorRolesInput>;
