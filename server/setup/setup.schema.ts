import { z } from "zod";
import { newPasswordSchema } from "@/server/account/account.schema";
import { currencySchema, localeSchema, timeZoneSchema } from "@/server/merchants/merchant.schema";
import { nameSchema } from "@/server/text/name.schema";

const name = nameSchema(100);

/** The first shop, its first store and its owner: everything a real shop needs to start. */
export const createFirstShopInput = z.object({
  shopName: name,
  timeZone: timeZoneSchema,
  currency: currencySchema,
  locale: localeSchema,
  storeName: name,
  ownerName: name,
  // Trim before validating: zod runs `z.email()`'s format check before a chained `.trim()`.
  ownerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "invalidEmail" })),
  ownerPassword: newPasswordSchema,
});
export type CreateFirstShopInput = z.infer<typeof createFirstShopInput>;

/** What the public setup page sends: the same, plus the token from the server's log. */
export const setupWithTokenInput = createFirstShopInput.extend({
  token: z.string().trim().min(1, { message: "required" }).max(200, { message: "tooLong" }),
});
