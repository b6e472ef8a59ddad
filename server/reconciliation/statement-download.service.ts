import { eq } from "drizzle-orm";
import { merchants } from "@/db/schema";
import type { Db } from "@/db/types";
import { connectorFor } from "@/server/connectors/registry";
import { ProviderError, type StatementFile } from "@/server/connectors/types";
import type { Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { loadMethodContext } from "@/server/payments/payment-method.service";
import { connectorDeps, type ProviderDeps } from "@/server/payments/provider-request.service";
import type { DownloadInput } from "./statement.schema";
import { importStatement } from "./statement-import.service";
import { statementInMemory } from "./statement-source";

/**
 * Downloads one day's statement of a payment method from its provider (or the sandbox
 * wallet's own), for the import to read. The method's credentials are opened as for any
 * provider call. The day is the merchant's local day for Stripe and PayPal; the Chinese
 * wallets name their bills by China's day (their statements are China time).
 */
export async function downloadStatement(
  db: Db,
  merchantId: string,
  input: { methodId: string; day: string },
  deps: Omit<ProviderDeps, "publicUrl">,
): Promise<StatementFile> {
  if (!/^\d{4}-\d\d-\d\d$/.test(input.day))
    throw new DomainError("VALIDATION", "invalidDate", "Expected a day as YYYY-MM-DD", {
      field: "day",
    });
  const method = await loadMethodContext(db, input.methodId, deps.key);
  if (method?.merchantId !== merchantId)
    throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  const download = connectorFor(method.kind)?.downloadStatement;
  if (!download)
    throw new DomainError(
      "INVALID_STATE",
      "noStatementDownload",
      "Cash has no provider statement to download",
    );
  const [merchant] = await db
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  try {
    return await download(
      method.context,
      { day: input.day, timeZone: merchant?.timeZone ?? "UTC" },
      connectorDeps(db, deps),
    );
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    // The provider's own code and words: "no bill for that day", "not generated yet", a bad key.
    throw new DomainError(
      "INVALID_STATE",
      "statementDownloadFailed",
      `The provider did not give the statement (${err.code}): ${err.message}`,
      { code: err.code, message: err.message.slice(0, 300) },
    );
  }
}

/**
 * "Download from the provider": the day's file, imported like an upload of it (the same file
 * brought twice, by hand or by download, is refused the second time).
 */
export async function downloadAndImport(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: DownloadInput,
  deps: Omit<ProviderDeps, "publicUrl">,
): Promise<{ statementId: string }> {
  const file = await downloadStatement(db, merchantId, input, deps);
  return importStatement(db, actor, merchantId, {
    methodId: input.methodId,
    fileName: file.fileName,
    source: "download",
    file: statementInMemory(file.bytes),
    askedPeriod: file.period,
  });
}
