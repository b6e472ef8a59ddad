import { and, asc, eq } from "drizzle-orm";
import { paymentMethods, throttles } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { MethodContext } from "@/server/connectors/types";
import type { ThrottleEntry } from "@/server/http/throttle.logic";
import { generateSandboxKeyPair } from "@/server/connectors/sandbox/sandbox-signature";
import { statementQuirks } from "@/server/connectors/sandbox/sandbox-wallet.schema";
import { openSecret, sealSecret } from "@/server/crypto/secret-box";
import { DomainError } from "@/server/errors";
import { currenciesRefused, currenciesTaken } from "@/server/connectors/provider-currencies.logic";
import { sandboxAllowed, shopMethodOffers } from "./method-offer.service";
import { isUnreachableError } from "./method-readiness.logic";
import { providerSetup } from "./provider-credentials.service";
import {
  addFeeAmounts,
  feeAmountsOf,
  replaceFeeAmounts,
  type FeeAmountsByCurrency,
} from "./method-fees.service";
import type {
  CreatePaymentMethodInput,
  SandboxBehaviour,
  UpdatePaymentMethodInput,
} from "./payment-method.schema";
import { one } from "@/db/one";
import { statementTemplate, type Placeholders } from "@/db/statement-template";

/** Everything about a method that the browser may see: never the sealed credentials. */
const publicColumns = {
  id: paymentMethods.id,
  kind: paymentMethods.kind,
  label: paymentMethods.label,
  enabled: paymentMethods.enabled,
  mode: paymentMethods.mode,
  currencies: paymentMethods.currencies,
  feeRateBps: paymentMethods.feeRateBps,
  settlementDelayDays: paymentMethods.settlementDelayDays,
  refundWindowDays: paymentMethods.refundWindowDays,
  refundFeeRule: paymentMethods.refundFeeRule,
  requestTtlSeconds: paymentMethods.requestTtlSeconds,
  config: paymentMethods.config,
  credentialsSealed: paymentMethods.credentialsSealed,
  connectionCheckedAt: paymentMethods.connectionCheckedAt,
  connectionOk: paymentMethods.connectionOk,
  connectionError: paymentMethods.connectionError,
  updatedAt: paymentMethods.updatedAt,
};

type MethodRow = Awaited<ReturnType<typeof selectMethods>>[number];

function selectMethods(db: DbOrTx, merchantId: string) {
  return db
    .select(publicColumns)
    .from(paymentMethods)
    .where(eq(paymentMethods.merchantId, merchantId));
}

/**
 * The browser learns only whether credentials are set; sandbox keys are not shown either. With
 * the method's fee amounts by currency (a currency it takes without them: the rate alone).
 */
function toPublic(row: MethodRow, feeAmounts: FeeAmountsByCurrency) {
  const { credentialsSealed, config, ...rest } = row;
  const sandbox = rest.kind === "sandbox" ? sandboxBehaviourOf(config) : null;
  const provider = providerSetup(rest.id, rest.kind, config);
  const connectionUnreachable =
    rest.connectionOk === false && isUnreachableError(rest.connectionError);
  return {
    ...rest,
    feeAmounts,
    hasCredentials: credentialsSealed !== null,
    connectionUnreachable,
    sandbox,
    provider,
  };
}
export type PaymentMethodView = ReturnType<typeof toPublic>;

function sandboxBehaviourOf(config: Record<string, unknown>): SandboxBehaviour {
  const quirks = statementQuirks.safeParse(config.statementQuirks ?? {});
  return {
    duplicateDeliveries: config.duplicateDeliveries === true,
    outOfOrderDeliveries: config.outOfOrderDeliveries === true,
    statementQuirks: quirks.success ? quirks.data : {},
  };
}

/**
 * The merchant's methods, each with its setup state (not connected, check failed, ready…)
 * and whether it is offered now: the counter lists only those offered. With them, whether the
 * sandbox wallet may be added in this shop.
 */
export async function listPaymentMethods(
  db: DbOrTx,
  merchantId: string,
  sandboxEverywhere = false,
) {
  const rows = await selectMethods(db, merchantId).orderBy(
    asc(paymentMethods.createdAt),
    asc(paymentMethods.label),
  );
  const shop = await shopMethodOffers(db, merchantId, sandboxEverywhere);
  const offers = new Map(shop.methods.map((o) => [o.id, o]));
  const amounts = await feeAmountsOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    sandboxAllowed: shop.sandboxAllowed,
    methods: rows.map((row) => {
      const o = offers.get(row.id);
      return {
        ...toPublic(row, amounts.get(row.id) ?? {}),
        setup: o?.setup ?? "not_connected",
        offered: o?.offered ?? false,
        hiddenBesideReal: o?.hiddenBesideReal ?? false,
      };
    }),
  };
}

/**
 * The shop's methods as an order's screens need them: their names, kinds and currencies, and
 * whether the counter may offer them now. The list's fees, sandbox behaviour and connection
 * state are for the payment methods' page; here they would only weigh on each order page.
 */
export async function listMethodChoices(db: DbOrTx, merchantId: string, sandboxEverywhere = false) {
  const { methods } = await listPaymentMethods(db, merchantId, sandboxEverywhere);
  return methods.map(({ id, label, kind, currencies, offered }) => ({
    id,
    label,
    kind,
    currencies,
    offered,
  }));
}

/** Refuses a currency the method's provider cannot take (Alipay and WeChat Pay: yuan only). */
function checkCurrenciesTaken(m: { kind: string; currencies: readonly string[] }) {
  const [refused] = currenciesRefused(m.kind, m.currencies);
  if (refused)
    throw new DomainError(
      "VALIDATION",
      "providerCurrencyOnly",
      `This provider takes ${currenciesTaken(m.kind) ?? ""} only, not ${refused}`,
      { field: "currencies", currency: refused, taken: currenciesTaken(m.kind) ?? "" },
    );
}

/** Refuses a method setting that cannot work: a live sandbox wallet, a live provider with no public address. */
function checkModeAllowed(
  m: { kind: string; mode: string; enabled: boolean },
  opts: { appUrlSet: boolean },
) {
  if (m.kind === "sandbox" && m.mode === "live")
    throw new DomainError(
      "VALIDATION",
      "sandboxNeverLive",
      "The sandbox wallet is a simulation: it cannot be live",
      { field: "mode" },
    );
  if (
    m.kind !== "sandbox" &&
    m.kind !== "cash" &&
    m.mode === "live" &&
    m.enabled &&
    !opts.appUrlSet
  )
    throw new DomainError(
      "VALIDATION",
      "appUrlRequired",
      "Set APP_URL (the shop's public https address, e.g. APP_URL=https://pay.example.com) and restart before a live method is switched on",
      { field: "mode" },
    );
}

/**
 * Refuses a sandbox wallet that would be on in a real shop: it pays nothing there, and an owner
 * must not mistake it for a way to take money. Switching one off (left from SANDBOX=1) is allowed.
 */
async function checkSandboxHere(
  db: DbOrTx,
  merchantId: string,
  m: { kind: string; enabled: boolean },
  opts: { sandboxEverywhere: boolean; adding: boolean },
) {
  if (m.kind !== "sandbox" || (!opts.adding && !m.enabled)) return;
  if (await sandboxAllowed(db, merchantId, opts.sandboxEverywhere)) return;
  throw new DomainError(
    "VALIDATION",
    "sandboxOnlyInPractice",
    "The sandbox wallet can be added and switched on only in the demo and practice shops",
    { field: opts.adding ? "kind" : "enabled" },
  );
}

export async function getPaymentMethod(db: DbOrTx, merchantId: string, id: string) {
  const [row] = await db
    .select(publicColumns)
    .from(paymentMethods)
    .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, id)));
  if (!row) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  const amounts = await feeAmountsOf(db, [id]);
  return toPublic(row, amounts.get(id) ?? {});
}

function sealCredentials(id: string, credentials: Record<string, string>, key: Buffer) {
  return sealSecret(JSON.stringify(credentials), key, `payment_method:${id}`);
}

/**
 * What a new method starts with. A sandbox method gets a key pair of its own: the simulated
 * provider signs with the private half (sealed), and we verify with the public half.
 */
export function initialMethodSecrets(kind: string, id: string, key: Buffer) {
  if (kind !== "sandbox") return { config: {}, credentialsSealed: null };
  const keys = generateSandboxKeyPair();
  return {
    config: {
      publicKeyPem: keys.publicKeyPem,
      duplicateDeliveries: false,
      outOfOrderDeliveries: false,
    },
    credentialsSealed: sealCredentials(id, { privateKeyPem: keys.privateKeyPem }, key),
  };
}

export async function createPaymentMethod(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: CreatePaymentMethodInput,
  key: Buffer,
  opts: { appUrlSet?: boolean; sandboxEverywhere?: boolean } = {},
) {
  checkModeAllowed(input, { appUrlSet: opts.appUrlSet ?? false });
  checkCurrenciesTaken(input);
  return db.transaction(async (tx) => {
    await checkSandboxHere(tx, merchantId, input, {
      sandboxEverywhere: opts.sandboxEverywhere ?? false,
      adding: true,
    });
    const id = crypto.randomUUID();
    const { config, credentialsSealed } = initialMethodSecrets(input.kind, id, key);
    const { feeAmounts = {}, ...fields } = input;
    const row = one(
      await tx
        .insert(paymentMethods)
        .values({ id, merchantId, ...fields, config, credentialsSealed })
        .returning(publicColumns),
    );
    await addFeeAmounts(tx, id, input.currencies, feeAmounts);
    await recordAudit(tx, actor, {
      merchantId,
      action: "payment_method.create",
      entityType: "payment_method",
      entityId: id,
      after: { ...fields, feeAmounts },
    });
    return toPublic(row, feeAmounts);
  });
}

export async function updatePaymentMethod(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdatePaymentMethodInput,
  opts: { appUrlSet?: boolean; sandboxEverywhere?: boolean } = {},
) {
  return db.transaction(async (tx) => {
    const { id, feeAmounts: amountsGiven, ...fields } = input;
    const [before] = await tx
      .select(publicColumns)
      .from(paymentMethods)
      .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, id)))
      .for("update");
    if (!before) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
    if (before.kind === "cash" && fields.mode === "live") {
      // Cash has no provider: "live" would mean nothing.
      fields.mode = "sandbox";
    }
    checkModeAllowed({ kind: before.kind, ...fields }, { appUrlSet: opts.appUrlSet ?? false });
    checkCurrenciesTaken({ kind: before.kind, currencies: fields.currencies });
    await checkSandboxHere(
      tx,
      merchantId,
      { kind: before.kind, enabled: fields.enabled },
      { sandboxEverywhere: opts.sandboxEverywhere ?? false, adding: false },
    );
    // Another mode is another host (a provider's sandbox or production): check again.
    const recheck =
      fields.mode !== before.mode
        ? { connectionOk: null, connectionCheckedAt: null, connectionError: null }
        : {};
    const after = one(
      await tx
        .update(paymentMethods)
        .set({ ...fields, ...recheck, updatedAt: new Date() })
        .where(eq(paymentMethods.id, id))
        .returning(publicColumns),
      "updated row",
    );
    const amountsBefore = (await feeAmountsOf(tx, [id])).get(id) ?? {};
    // Amounts left out are kept, but only for the currencies the method still takes.
    const feeAmounts = Object.fromEntries(
      Object.entries(amountsGiven ?? amountsBefore).filter(([c]) => fields.currencies.includes(c)),
    );
    await replaceFeeAmounts(tx, id, fields.currencies, feeAmounts);
    const {
      credentialsSealed: _c,
      config: _cfg,
      updatedAt: _u,
      connectionCheckedAt: _ca,
      connectionOk: _co,
      connectionError: _ce,
      ...beforeFields
    } = before;
    await recordAudit(tx, actor, {
      merchantId,
      action: "payment_method.update",
      entityType: "payment_method",
      entityId: id,
      before: { ...beforeFields, feeAmounts: amountsBefore },
      after: { ...fields, feeAmounts },
    });
    return toPublic(after, feeAmounts);
  });
}

export async function setSandboxBehaviour(
  db: Db,
  actor: Actor,
  merchantId: string,
  id: string,
  behaviour: SandboxBehaviour,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ kind: paymentMethods.kind, config: paymentMethods.config })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, id)))
      .for("update");
    if (!row) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
    if (row.kind !== "sandbox")
      throw new DomainError(
        "INVALID_STATE",
        "notSandbox",
        "Only a sandbox method has simulated deliveries",
      );
    await tx
      .update(paymentMethods)
      .set({ config: { ...row.config, ...behaviour }, updatedAt: new Date() })
      .where(eq(paymentMethods.id, id));
    await recordAudit(tx, actor, {
      merchantId,
      action: "payment_method.sandbox_behaviour",
      entityType: "payment_method",
      entityId: id,
      before: sandboxBehaviourOf(row.config),
      after: behaviour,
    });
  });
}

/** What a connector needs of a method (its secrets still sealed). */
const connectorColumns = {
  id: paymentMethods.id,
  merchantId: paymentMethods.merchantId,
  kind: paymentMethods.kind,
  enabled: paymentMethods.enabled,
  mode: paymentMethods.mode,
  config: paymentMethods.config,
  credentialsSealed: paymentMethods.credentialsSealed,
  feeRateBps: paymentMethods.feeRateBps,
};

const methodForConnector = statementTemplate(
  "method_for_connector",
  (db, v: Placeholders<{ methodId: string }>) =>
    db.select(connectorColumns).from(paymentMethods).where(eq(paymentMethods.id, v.methodId)),
);

/** The method's row with its secrets opened, for a connector. */
function withContext<
  Row extends {
    id: string;
    mode: MethodContext["mode"];
    config: MethodContext["config"];
    credentialsSealed: string | null;
  },
>(row: Row, key: Buffer) {
  const credentials = row.credentialsSealed
    ? (JSON.parse(openSecret(row.credentialsSealed, key, `payment_method:${row.id}`)) as Record<
        string,
        string
      >)
    : {};
  const context: MethodContext = {
    id: row.id,
    mode: row.mode,
    config: row.config,
    credentials,
  };
  return { ...row, context };
}

/**
 * A method's settings and opened secrets, for a connector. Looked up by id alone because a
 * provider's notification names only the method (its URL); the row's merchant is returned.
 */
export async function loadMethodContext(db: DbOrTx, methodId: string, key: Buffer) {
  const [row] = await methodForConnector(db, { methodId });
  return row ? withContext(row, key) : null;
}

// Read on every provider notification: a template (db/statement-template.ts).
const methodWithThrottle = statementTemplate(
  "method_for_connector_with_throttle",
  (db, v: Placeholders<{ methodId: string; throttleKey: string }>) =>
    db
      .select({
        ...connectorColumns,
        throttleFailures: throttles.failures,
        throttleWindowStartedAt: throttles.windowStartedAt,
      })
      .from(paymentMethods)
      .leftJoin(throttles, eq(throttles.key, v.throttleKey))
      .where(eq(paymentMethods.id, v.methodId)),
);

/**
 * loadMethodContext and a throttle counter's row (undefined when it has none), in one
 * statement: a provider's notification reads both before it is verified.
 */
export async function loadMethodContextAndThrottle(
  db: DbOrTx,
  methodId: string,
  throttleKey: string,
  key: Buffer,
): Promise<{ method: MethodForConnector; throttle: ThrottleEntry | undefined } | null> {
  const [found] = await methodWithThrottle(db, { methodId, throttleKey });
  if (!found) return null;
  const { throttleFailures, throttleWindowStartedAt, ...row } = found;
  return {
    method: withContext(row, key),
    throttle:
      throttleFailures === null || throttleWindowStartedAt === null
        ? undefined
        : { failures: throttleFailures, windowStartedAt: throttleWindowStartedAt },
  };
}

type MethodForConnector = NonNullable<Awaited<ReturnType<typeof loadMethodContext>>>;
