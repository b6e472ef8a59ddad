import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rsaPair } from "@/test/fake-providers";
import { alipaySdkCertSn, alipaySdkRootCertSn } from "@/test/fake-providers/alipay";
import { issuedCertificate } from "@/test/fake-providers/shared";
import { alipayCertSn, alipayRootCertSn } from "./alipay-certificates";

const file = (name: string) => readFileSync(`test/alipay-certificates/${name}`, "utf8");

describe("Alipay certificate SNs", () => {
  // The certificates and SNs of alipay-sdk-nodejs-all's test/antcertutil.test.ts (the same
  // values its Java and Go SDK counterparts print for these files).
  it("gives the SDKs' SNs for Alipay's own certificate files", () => {
    expect(alipayCertSn(file("appCertPublicKey_2021001161683774.crt"))).toBe(
      "866efef280dec9137a87d047ac446315",
    );
    expect(alipayCertSn(file("alipayCertPublicKey_RSA2.crt"))).toBe(
      "7513daaaa48aa3ba2e4018d84402479c",
    );
    // Four roots (SM2, RSA SHA-256, ECDSA, RSA SHA-1): only the two RSA ones count, in order.
    expect(alipayRootCertSn(file("alipayRootCert.crt"))).toEqual({
      ok: true,
      sn: "687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6",
    });
  });

  it("names the issuer most specific attribute first, and the serial in decimal", () => {
    const ca = rsaPair();
    const issuer = [
      { shortName: "C", value: "CN" },
      { shortName: "ST", value: "Zhejiang" },
      { shortName: "O", value: "Test CA" },
      { shortName: "OU", value: "Certification Authority" },
      { shortName: "CN", value: "Test Class 1 R1" },
    ];
    const pem = issuedCertificate(rsaPair(), {
      subject: [{ shortName: "CN", value: "app" }],
      issuer,
      signer: ca,
      // A serial above 2^64, so its decimal digits are more than a double holds.
      serialHex: "2020051862039d4090897ba4d51c2126",
    });
    expect(alipayCertSn(pem)).toBe(alipaySdkCertSn(pem));
    // Only the first certificate of a file counts (Alipay's comes with its CA after it).
    expect(alipayCertSn(pem + file("alipayRootCert.crt"))).toBe(alipaySdkCertSn(pem));
  });

  it("counts SHA-1 and SHA-256 RSA roots only, and says when a bundle has none or is no bundle", () => {
    const root = rsaPair();
    const rootCert = (cn: string, digest: "sha1" | "sha256" | "sha512") => {
      const name = [{ shortName: "CN", value: cn }];
      return issuedCertificate(root, {
        subject: name,
        issuer: name,
        signer: root,
        serialHex: "0a",
        digest,
      });
    };
    const bundle = [rootCert("A", "sha512"), rootCert("B", "sha1"), rootCert("C", "sha256")].join(
      "\n",
    );
    const reading = alipayRootCertSn(bundle);
    expect(reading).toEqual({ ok: true, sn: alipaySdkRootCertSn(bundle) });
    expect(reading.ok && reading.sn.split("_")).toHaveLength(2);
    expect(alipayRootCertSn(rootCert("D", "sha512"))).toEqual({ ok: false, reason: "no_rsa" });
    expect(alipayRootCertSn("alipayRootCert.crt")).toEqual({ ok: false, reason: "unreadable" });
    expect(
      alipayRootCertSn(
        `${rootCert("E", "sha256")}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`,
      ),
    ).toEqual({ ok: false, reason: "unreadable" });
    expect(alipayCertSn("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")).toBeNull();
  });
});
