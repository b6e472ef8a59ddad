import { createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/*
 * What the four fake providers share: test keys and certificates, RSA signing, the payments
 * they have seen and the calls they refused. The signing code here is written from the
 * providers' documents, apart from the connectors' code, so a test passes only if both read
 * the format the same way.
 */

export interface RsaPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** A self-signed X.509 certificate for a key pair (PayPal's and WeChat's platform certificates). */
export function selfSignedCertificate(pair: RsaPair, commonName: string, serialHex: string) {
  const name = [{ name: "commonName", value: commonName }];
  return issuedCertificate(pair, { subject: name, issuer: name, signer: pair, serialHex });
}

/**
 * An X.509 certificate for `pair`, issued under `issuer`'s name and signed by `signer`'s
 * private key (the CA), with SHA-256 unless another digest is named.
 */
export function issuedCertificate(
  pair: RsaPair,
  o: {
    subject: forge.pki.CertificateField[];
    issuer: forge.pki.CertificateField[];
    signer: RsaPair;
    serialHex: string;
    digest?: "sha1" | "sha256" | "sha512";
  },
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = o.serialHex;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject(o.subject);
  cert.setIssuer(o.issuer);
  cert.sign(
    forge.pki.privateKeyFromPem(o.signer.privateKeyPem),
    forge.md[o.digest ?? "sha256"].create(),
  );
  return forge.pki.certificateToPem(cert);
}

export const rsaSign = (message: string, privateKeyPem: string) =>
  createSign("RSA-SHA256").update(message, "utf8").sign(privateKeyPem, "base64");
export const rsaVerify = (message: string, signature: string, publicKeyPem: string) =>
  createVerify("RSA-SHA256")
    .update(message, "utf8")
    .verify(publicKeyPem, Buffer.from(signature, "base64"));

/** A payment as the fake provider knows it. */
export interface FakePayment {
  token: string;
  amountMinor: bigint;
  currency: string;
  status: "open" | "paid" | "closed";
  txnId: string;
  ref: string;
  /** PayPal: the approved order was captured. */
  captured?: boolean;
  /** When it was requested: a day's statement lists the paid ones of that day. */
  at: Date;
  /** When the customer paid, on the provider's clock (markPaid). */
  paidAt?: Date;
}

/**
 * A refund as the fake provider knows it, under the idempotency key we sent (out_request_no,
 * out_refund_no, PayPal-Request-Id, Stripe's Idempotency-Key): one refund per key, ever.
 */
export interface FakeRefund {
  key: string;
  /** The provider's own refund id. */
  id: string;
  payment: FakePayment;
  amountMinor: bigint;
  status: "pending" | "succeeded" | "failed";
  /** When it was asked for, on the provider's clock. */
  at: Date;
  /** When it succeeded or failed, on the provider's clock; null while it is processing. */
  doneAt: Date | null;
}

export interface Delivery {
  rawBody: string;
  headers: Record<string, string>;
}

/** Alipay yuan strings and PayPal decimals from minor units (CNY/USD: two digits). */
export const decimal = (minor: bigint) =>
  `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;

/** The reverse: "12.50" (yuan, dollars) as minor units. */
export function fromDecimal(value: string) {
  const [whole = "0", cents = ""] = value.split(".");
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, "0"));
}

/** An answer to one API call; `drop` closes the connection unanswered (a time-out to the caller). */
export interface Answer {
  status: number;
  /** Text, or the bytes of a file (a statement). */
  body: string | Uint8Array;
  headers?: Record<string, string>;
  drop?: boolean;
}

/** The payments the fakes have seen requested, the calls they refused, and the next refusal. */
export class FakeLedger {
  /** Payments the fake has seen requested, by our attempt token. */
  readonly payments = new Map<string, FakePayment>();
  /** Calls whose signature did not check out (the fake answered 401). */
  readonly refusedCalls: string[] = [];
  /** When set, the next request-creating call is refused with this provider error. */
  refuseNext: { code: string; message: string } | null = null;
  /**
   * Refunds made, by payment and the idempotency key we sent: a key names one refund of one
   * payment (Alipay scopes out_request_no to the trade; a key reused on another payment is
   * another refund here, where the real providers would refuse it).
   */
  private readonly refundsMade = new Map<string, FakeRefund>();
  /** The idempotency key of every refund request received, repeats included. */
  readonly refundRequests: string[] = [];
  /** When set, the next refund is made but its answer never arrives (the caller times out). */
  dropNextRefundAnswer = false;
  /** New refunds stay processing until `settleRefund` (as a card or bank refund does). */
  refundsPending = false;
  /**
   * The provider's own clock, for the times it writes into its answers and notifications
   * (never its signatures' timestamps, which are checked against ours): a test sets it apart
   * from ours to see whose time is stored.
   */
  clock: () => Date = () => new Date();

  newPayment(token: string, amountMinor: bigint, currency: string, prefix: string) {
    const p: FakePayment = {
      token,
      amountMinor,
      currency,
      status: "open",
      txnId: `${prefix}${Date.now()}${randomBytes(6).toString("hex")}`,
      ref: `${prefix}REF${randomBytes(6).toString("hex").toUpperCase()}`,
      at: new Date(),
    };
    this.payments.set(token, p);
    return p;
  }

  /**
   * A refund request under `key`: the refund already made under it, or a new one when the
   * payment has that much left to refund. Null when it has not (the caller answers the
   * provider's "more than refundable" error).
   */
  refund(
    key: string,
    payment: FakePayment,
    amountMinor: bigint,
    idPrefix: string,
    processing = this.refundsPending,
  ) {
    this.refundRequests.push(key);
    const known = this.refundsMade.get(`${payment.token} ${key}`);
    if (known) return { refund: known, repeat: true };
    if (this.refundedMinor(payment.token) + amountMinor > payment.amountMinor) return null;
    const at = this.clock();
    const refund: FakeRefund = {
      key,
      id: `${idPrefix}${randomBytes(8).toString("hex").toUpperCase()}`,
      payment,
      amountMinor,
      status: processing ? "pending" : "succeeded",
      at,
      doneAt: processing ? null : at,
    };
    this.refundsMade.set(`${payment.token} ${key}`, refund);
    return { refund, repeat: false };
  }

  /** Money given back (or on its way back) on a payment: what was refunded, however often asked. */
  refundedMinor(token: string) {
    let sum = 0n;
    for (const r of this.refundsOf(token)) if (r.status !== "failed") sum += r.amountMinor;
    return sum;
  }

  /** Every refund made, in the order made (for statements). */
  allRefunds() {
    return [...this.refundsMade.values()];
  }

  /**
   * One provider's paid payments and succeeded refunds (its txn ids start with `prefix`: the
   * ledger is shared by the four fakes) requested within [from, to), for a day's statement.
   */
  dayActivity(prefix: string, from: Date, to: Date) {
    const ours = (p: FakePayment) => p.txnId.startsWith(prefix);
    const within = (at: Date) => at >= from && at < to;
    return {
      payments: [...this.payments.values()].filter(
        (p) => ours(p) && p.status === "paid" && within(p.at),
      ),
      refunds: this.allRefunds().filter(
        (r) => ours(r.payment) && r.status === "succeeded" && within(r.at),
      ),
    };
  }

  /** The refunds made on a payment. */
  refundsOf(token: string) {
    return [...this.refundsMade.values()].filter((r) => r.payment.token === token);
  }

  /** The refund last made under an idempotency key (or with the provider's own id), if any. */
  findRefund(keyOrId: string) {
    return [...this.refundsMade.values()].findLast((r) => r.key === keyOrId || r.id === keyOrId);
  }

  /**
   * The merchant refunds in the provider's own console, not through Hexiao: a refund under a
   * key of the console's making (none of our refund ids), done at once.
   */
  refundInConsole(token: string, amountMinor: bigint) {
    const payment = this.payments.get(token);
    if (!payment) throw new Error(`fake provider never saw ${token}`);
    const made = this.refund(
      `console-${randomBytes(6).toString("hex")}`,
      payment,
      amountMinor,
      "CONSOLE",
      false,
    );
    if (!made) throw new Error(`more than ${token} has left to refund`);
    return made.refund;
  }

  /** The provider finishes a processing refund. */
  settleRefund(key: string, status: "succeeded" | "failed" = "succeeded") {
    const r = this.findRefund(key);
    if (!r) throw new Error(`fake provider never saw refund ${key}`);
    r.status = status;
    r.doneAt = this.clock();
    return r;
  }

  /** The answer to a refund request: as given, or (once, when asked) never arriving. */
  refundAnswer(answer: Answer): Answer {
    if (!this.dropNextRefundAnswer) return answer;
    this.dropNextRefundAnswer = false;
    return { ...answer, drop: true };
  }

  takeRefusal() {
    const r = this.refuseNext;
    this.refuseNext = null;
    return r;
  }
}
