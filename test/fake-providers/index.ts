import { createServer, type IncomingMessage, type Server } from "node:http";
import { eq } from "drizzle-orm";
import { paymentMethods } from "@/db/schema";
import type { Db } from "@/db/types";
import { testEncryptionKey } from "@/test/fixtures";
import { methodInput, type PaymentsSeed } from "@/test/payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { checkMethodConnection } from "@/server/payments/connection-check.service";
import { createPaymentMethod } from "@/server/payments/payment-method.service";
import { setProviderCredentials } from "@/server/payments/provider-credentials.service";
import { FakeAlipay } from "./alipay";
import { FakePaypal } from "./paypal";
import { FakeLedger, type Answer } from "./shared";
import { FakeStripe } from "./stripe";
import { FakeWechatPay } from "./wechat";

export { rsaPair, type Delivery, type FakeRefund } from "./shared";

/**
 * A local stand-in for the four wallet providers: it holds their keys (made here, as the
 * tests' own), answers the outbound calls in each provider's documented format after
 * checking our request signatures, and signs notifications the way each provider does
 * (one file per provider beside this one).
 */

export const providerKinds = ["alipay", "wechat_pay", "paypal", "stripe"] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** The currency tests use per provider: yuan for the Chinese wallets, dollars for the others. */
export const currencyOf = (kind: ProviderKind) =>
  kind === "paypal" || kind === "stripe" ? "USD" : "CNY";

export class FakeProviders extends FakeLedger {
  readonly alipay = new FakeAlipay(this);
  readonly wechat = new FakeWechatPay(this);
  readonly paypal = new FakePaypal(this);
  readonly stripe = new FakeStripe(this);
  /** Signed notifications, as each provider sends them. */
  readonly alipayNotification = this.alipay.notification.bind(this.alipay);
  readonly wechatNotification = this.wechat.notification.bind(this.wechat);
  readonly paypalNotification = this.paypal.notification.bind(this.paypal);
  readonly stripeNotification = this.stripe.notification.bind(this.stripe);
  /** Signed refund notifications, in each provider's format (Alipay sends none: see alipay.ts). */
  readonly wechatRefundNotification = this.wechat.refundNotification.bind(this.wechat);
  readonly paypalRefundNotification = this.paypal.refundNotification.bind(this.paypal);
  readonly stripeRefundEvent = this.stripe.refundEvent.bind(this.stripe);
  /** Every call received: method and path. */
  readonly calls: string[] = [];
  private server: Server | null = null;
  baseUrl = "";

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.calls.push(`${req.method} ${req.url}`);
        const answer = this.route(req, body);
        // The work is done but the answer is lost: it breaks off after its first line, and the
        // caller sees the connection fail while reading it.
        if (answer.drop) {
          res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
          res.flushHeaders();
          res.write("{", () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.status, answer.headers ?? { "content-type": "application/json" });
        res.end(answer.body);
      });
    });
    // Node closes a connection idle for 5 s, and fetch may reuse it at that very moment: the
    // request then fails with ECONNRESET (nodejs/undici#3141). A busy machine stretches the gap
    // between two calls of a test to about that long, so idle connections are left to the
    // client, which closes its own before reusing them; stop() closes what remains.
    this.server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this;
  }

  stop() {
    return new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The customer pays in the wallet app: the provider now knows the payment as paid. */
  markPaid(token: string) {
    const p = this.payments.get(token);
    if (!p) throw new Error(`fake provider never saw ${token}`);
    p.status = "paid";
    p.paidAt = this.clock();
    return p;
  }

  private route(req: IncomingMessage, body: string): Answer {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = url.pathname;
    if (path.startsWith("/alipay/bill/"))
      return this.alipay.billFile(path.slice("/alipay/bill/".length));
    if (path.startsWith("/alipay/"))
      return this.alipay.api(body, `http://${req.headers.host}/alipay`);
    if (path.startsWith("/wechat/"))
      return this.wechat.api(req, path.slice("/wechat".length) + url.search, body);
    if (path.startsWith("/paypal/"))
      return this.paypal.api(req, path.slice("/paypal".length), body, url.searchParams);
    if (path.startsWith("/stripe/"))
      return this.stripe.api(req, path.slice("/stripe".length), body, url.searchParams);
    return { status: 404, body: "{}" };
  }

  // ---- Methods configured against this fake ----------------------------------------------

  /** One method per provider for the seed's merchant, by kind. */
  async methods(db: Db, seed: PaymentsSeed): Promise<Record<ProviderKind, string>> {
    const ids = {} as Record<ProviderKind, string>;
    for (const kind of providerKinds) ids[kind] = (await this.method(db, seed, kind)).id;
    return ids;
  }

  /** A payment method of `kind` for the seed's merchant, configured with this fake's keys and URL. */
  async method(
    db: Db,
    seed: PaymentsSeed,
    kind: ProviderKind,
    currency = kind === "paypal" || kind === "stripe" ? "USD" : "CNY",
    opts: { check?: boolean } = {},
  ) {
    const method = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind, label: `${kind} test`, currencies: [currency] }),
      testEncryptionKey,
    );
    const input = {
      alipay: this.alipay,
      wechat_pay: this.wechat,
      paypal: this.paypal,
      stripe: this.stripe,
    }[kind].credentials();
    await setProviderCredentials(
      db,
      seed.manager,
      seed.merchant.id,
      providerCredentialsInput.parse({ id: method.id, kind, ...input }),
      testEncryptionKey,
    );
    // Outbound calls go to this fake instead of the provider's host.
    const [row] = await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, method.id));
    const prefix = {
      alipay: "/alipay/gateway.do",
      wechat_pay: "/wechat",
      paypal: "/paypal",
      stripe: "/stripe",
    }[kind];
    await db
      .update(paymentMethods)
      .set({ config: { ...row!.config, apiBaseUrl: `${this.baseUrl}${prefix}` } })
      .where(eq(paymentMethods.id, method.id));
    // Offered only once a connection check passed: run the real one against this fake.
    if (opts.check !== false) {
      const check = await checkMethodConnection(db, seed.manager, seed.merchant.id, method.id, {
        key: testEncryptionKey,
      });
      if (!check.ok) throw new Error(`connection check against the fake failed: ${check.error}`);
    }
    return method;
  }
}
