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
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: "commonName", value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKeyPem), forge.md.sha256.create());
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
}

export interface Delivery {
  rawBody: string;
  headers: Record<string, string>;
}

/** Alipay yuan strings and PayPal decimals from minor units (CNY/USD: two digits). */
export const decimal = (minor: bigint) =>
  `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;

/** An answer to one API call. */
export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** The payments the fakes have seen requested, the calls they refused, and the next refusal. */
export class FakeLedger {
  /** Payments the fake has seen requested, by our attempt token. */
  readonly payments = new Map<string, FakePayment>();
  /** Calls whose signature did not check out (the fake answered 401). */
  readonly refusedCalls: string[] = [];
  /** When set, the next request-creating call is refused with this provider error. */
  refuseNext: { code: string; message: string } | null = null;

  newPayment(token: string, amountMinor: bigint, currency: string, prefix: string) {
    const p: FakePayment = {
      token,
      amountMinor,
      currency,
      status: "open",
      txnId: `${prefix}${Date.now()}${randomBytes(6).toString("hex")}`,
      ref: `${prefix}REF${randomBytes(6).toString("hex").toUpperCase()}`,
    };
    this.payments.set(token, p);
    return p;
  }

  takeRefusal() {
    const r = this.refuseNext;
    this.refuseNext = null;
    return r;
  }
}
