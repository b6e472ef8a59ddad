import { and, eq, inArray, isNull, ne, or } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { Locale } from "@/app/_i18n/config";

/**
 * Keeps on the order the language its customer reads the pay page in (their browser's, or the
 * one they switched to): the customer's e-mails go out in it (customer-notice.service.ts).
 * The last page the customer opened wins over the cashier's guess at the counter; a row is
 * written only when the language changes, so reloading the page writes nothing.
 */
export async function recordCustomerLocale(db: DbOrTx, token: string, locale: Locale) {
  await db
    .update(orders)
    .set({ customerLocale: locale })
    .where(
      and(
        inArray(
          orders.id,
          db
            .select({ id: paymentAttempts.orderId })
            .from(paymentAttempts)
            .where(eq(paymentAttempts.token, token)),
        ),
        or(isNull(orders.customerLocale), ne(orders.customerLocale, locale)),
      ),
    );
}
