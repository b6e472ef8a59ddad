import { asc, eq, sql } from "drizzle-orm";
import { demoShops, paymentMethods, practiceShops } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import {
  sqlStatementTemplate,
  statementTemplate,
  type Placeholders,
} from "@/db/statement-template";
import { credentialsComplete } from "@/server/connectors/credentials.schema";
import { DomainError } from "@/server/errors";
import { offerMethods } from "./method-readiness.logic";

// Both reads below run on every payment request: templates (db/statement-template.ts).
const inSandboxShop = sqlStatementTemplate<{ merchantId: string }, { allowed: boolean }>(
  (v) => sql`select (
    exists (select 1 from ${demoShops} where ${demoShops.merchantId} = ${v.merchantId})
    or exists (select 1 from ${practiceShops} where ${practiceShops.merchantId} = ${v.merchantId})
  ) as allowed`,
);

/**
 * Where the built-in sandbox wallet may take payments: the demo shop and practice shops, or
 * every shop when the operator turned it on (`everywhere`, SANDBOX=1, shown by a banner).
 */
export async function sandboxAllowed(db: DbOrTx, merchantId: string, everywhere: boolean) {
  if (everywhere) return true;
  const [row] = await inSandboxShop(db, { merchantId });
  return row?.allowed === true;
}

const methodsOf = statementTemplate(
  "method_offers",
  (db, v: Placeholders<{ merchantId: string }>) =>
    db
      .select({
        id: paymentMethods.id,
        kind: paymentMethods.kind,
        enabled: paymentMethods.enabled,
        config: paymentMethods.config,
        credentialsSealed: paymentMethods.credentialsSealed,
        connectionOk: paymentMethods.connectionOk,
      })
      .from(paymentMethods)
      .where(eq(paymentMethods.merchantId, v.merchantId))
      .orderBy(asc(paymentMethods.createdAt)),
);

/**
 * Every method of the merchant with its setup state and whether it is offered now, and whether
 * the shop may use the sandbox wallet at all (the add form offers it only then).
 */
export async function shopMethodOffers(db: DbOrTx, merchantId: string, everywhere: boolean) {
  const rows = await methodsOf(db, { merchantId });
  const shop = { sandboxAllowed: await sandboxAllowed(db, merchantId, everywhere) };
  const methods = offerMethods(
    rows.map(({ config, credentialsSealed, ...r }) => ({
      ...r,
      credentialsComplete:
        r.kind === "sandbox" ? credentialsSealed !== null : credentialsComplete(r.kind, config),
    })),
    shop,
  );
  return { ...shop, methods };
}

/** Every method of the merchant with its setup state and whether it is offered now. */
export async function methodOffers(db: DbOrTx, merchantId: string, everywhere: boolean) {
  return (await shopMethodOffers(db, merchantId, everywhere)).methods;
}

/** Refuses a method that is not offered (not connected, not checked, or a sandbox out of place). */
export async function assertMethodOffered(
  db: DbOrTx,
  merchantId: string,
  methodId: string,
  everywhere: boolean,
) {
  const offer = (await methodOffers(db, merchantId, everywhere)).find((m) => m.id === methodId);
  if (!offer) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  if (offer.offered) return;
  if (offer.kind === "sandbox")
    throw new DomainError(
      "INVALID_STATE",
      "sandboxNotHere",
      "The sandbox wallet is not available in this shop",
    );
  throw new DomainError(
    "INVALID_STATE",
    "methodNotReady",
    "This payment method is not connected and checked yet",
    { setup: offer.setup },
  );
}

/** The ids of the methods offered now, for lists (pay page alternatives). */
export async function offeredMethodIds(db: DbOrTx, merchantId: string, everywhere: boolean) {
  return new Set(
    (await methodOffers(db, merchantId, everywhere)).filter((m) => m.offered).map((m) => m.id),
  );
}
