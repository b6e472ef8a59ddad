import { isNotNull } from "drizzle-orm";
import { paymentMethods } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { openSecret } from "@/server/crypto/secret-box";

/**
 * How many payment methods hold credentials this encryption key cannot open: sealed with
 * another key (ENCRYPTION_KEY changed between restarts, another install's backup restored).
 * Asked at start-up and after a restore, so the operator reads why in plain words instead of
 * meeting failed payments and a Payment methods page that cannot save.
 */
export async function countUnreadableCredentials(db: DbOrTx, key: Buffer): Promise<number> {
  const sealed = await db
    .select({ id: paymentMethods.id, sealed: paymentMethods.credentialsSealed })
    .from(paymentMethods)
    .where(isNotNull(paymentMethods.credentialsSealed));
  let unreadable = 0;
  for (const row of sealed) {
    try {
      openSecret(row.sealed ?? "", key, `payment_method:${row.id}`);
    } catch {
      unreadable++;
    }
  }
  return unreadable;
}

/** What the server says at start-up when the key opens none or only some of them. */
export function unreadableCredentialsMessage(unreadable: number): string {
  return (
    `ENCRYPTION_KEY does not open the stored credentials of ${unreadable} payment method(s): ` +
    "they were sealed with another key, and those methods can neither take payments nor be " +
    "saved. Start again with the key they were sealed with (ENCRYPTION_KEY as before, or the " +
    "data folder's secrets.json from a backup)."
  );
}
