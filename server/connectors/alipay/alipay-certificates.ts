import { createHash, X509Certificate } from "node:crypto";
import { pemBlocks, remembered } from "../keys.logic";

/*
 * Alipay's public-key certificate mode (公钥证书模式). Every request names the app's
 * certificate (app_cert_sn) and the Alipay root bundle (alipay_root_cert_sn); every answer
 * names the Alipay certificate that signed it (alipay_cert_sn). A certificate's "SN" there is
 * not its serial number but MD5 hex of its issuer's name followed by its serial in decimal,
 * as Alipay's SDKs compute it (alipay-sdk-java-all AntCertificationUtil.getCertSN:
 * getIssuerX500Principal().getName() + getSerialNumber(); alipay-sdk-nodejs-all
 * antcertutil.ts getCertSN builds the same string from the issuer's attributes in reverse).
 */

const certificateArmour = "-----BEGIN CERTIFICATE-----";

/**
 * The issuer as Java's X500Principal.getName() writes it (RFC 2253): the most specific
 * attribute first, `,` between them, no spaces. Node lists the attributes in the
 * certificate's own order (C first) one per line, with RFC 2253 escapes, so reversing the
 * lines gives Java's text for the names Alipay's CAs use (CN, OU, O, C).
 */
function issuerName(cert: X509Certificate): string {
  return cert.issuer.split("\n").reverse().join(",");
}

function snOf(cert: X509Certificate): string {
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  return createHash("md5")
    .update(issuerName(cert) + serial, "utf8")
    .digest("hex");
}

/** The certificate of a PEM block, or null when the block is not one Node can read. */
function certificateOf(block: string): X509Certificate | null {
  if (!block.startsWith(certificateArmour)) return null;
  try {
    return new X509Certificate(block);
  } catch {
    return null;
  }
}

/**
 * The SN of the first certificate in the text (app_cert_sn of appCertPublicKey_<appid>.crt,
 * alipay_cert_sn of alipayCertPublicKey_RSA2.crt, which may carry its CA after it). Null
 * when the text holds no readable certificate.
 */
export function alipayCertSn(text: string): string | null {
  const first = pemBlocks(text)[0];
  if (!first) return null;
  return remembered("alipay-sn", first, (block) => {
    const cert = certificateOf(block);
    return cert ? snOf(cert) : null;
  });
}

// The signatureAlgorithm OIDs (DER content bytes) counted into alipay_root_cert_sn: Alipay's
// PHP SDK (AopCertClient::getRootCertSN) takes sha1WithRSAEncryption (1.2.840.113549.1.1.5)
// and sha256WithRSAEncryption (1.2.840.113549.1.1.11); the bundle's SM2 and ECDSA roots are
// left out. (The Java and Node SDKs take any 1.2.840.113549.1.1.* signature; the bundle
// Alipay ships has no other RSA one, so both read it the same.)
const rsaSignatureOids = new Set(["2a864886f70d010105", "2a864886f70d01010b"]);

/** One DER element's header at `at`: where its content starts and ends. */
function derElement(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined) throw new Error("truncated DER");
  let start = at + 2;
  if (length & 0x80) {
    // Long form; 0x80 alone (indefinite length) is not DER.
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error("not DER");
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  if (end > der.length) throw new Error("truncated DER");
  return { tag, start, end };
}

/**
 * The certificate's signatureAlgorithm OID as hex: Certificate ::= SEQUENCE {
 * tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue } (RFC 5280 §4.1).
 * Node 20's X509Certificate does not expose it.
 */
function signatureOid(cert: X509Certificate): string | null {
  try {
    const der = cert.raw;
    const outer = derElement(der, 0);
    const tbs = derElement(der, outer.start);
    const algorithm = derElement(der, tbs.end);
    const oid = derElement(der, algorithm.start);
    if (oid.tag !== 0x06) return null;
    return Buffer.from(der.subarray(oid.start, oid.end)).toString("hex");
  } catch {
    return null;
  }
}

export type RootBundleReading =
  { ok: true; sn: string } | { ok: false; reason: "unreadable" | "no_rsa" };

/**
 * alipay_root_cert_sn of alipayRootCert.crt: the SN of each RSA-signed certificate in the
 * bundle, in file order, joined by `_`.
 */
export function alipayRootCertSn(text: string): RootBundleReading {
  return remembered("alipay-root-sn", text, (bundle): RootBundleReading => {
    const blocks = pemBlocks(bundle);
    const certs = blocks.map(certificateOf);
    if (blocks.length === 0 || certs.some((c) => c === null))
      return { ok: false, reason: "unreadable" };
    const sns = certs
      .filter(
        (c): c is X509Certificate => c !== null && rsaSignatureOids.has(signatureOid(c) ?? ""),
      )
      .map(snOf);
    return sns.length > 0 ? { ok: true, sn: sns.join("_") } : { ok: false, reason: "no_rsa" };
  });
}
