import { verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateSandboxKeyPair,
  signSandboxNotification,
  verifySandboxNotification,
} from "./sandbox-signature";

// RFC 8032 §7.1 test 1 key pair, as PKCS8 / SPKI PEM: a fixed vector that any Ed25519
// implementation (a sandbox wallet in another language) can reproduce.
const rfcPrivateKeyPem = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
const rfcPublicKeyPem = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----
`;
const body = '{"attempt":"pa_123","status":"succeeded","amount_minor":"1250","currency":"CNY"}';
const t = 1_764_115_200; // 2025-11-26T00:00:00Z
const fixedHeader =
  "t=1764115200,v1=PmERSm+q791a2bZK7VRbbkun2CPNOpHzXmrTXZy2YiDNSK/kEymnsGLc/U+O0BVSSvvpBUOVfMBQRf8Dz1kPDg==";
const atT = t * 1000;

describe("generateSandboxKeyPair", () => {
  it("makes an Ed25519 SPKI / PKCS8 PEM pair, new each time", () => {
    const a = generateSandboxKeyPair();
    expect(a.publicKeyPem).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/,
    );
    expect(a.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(generateSandboxKeyPair().privateKeyPem).not.toBe(a.privateKeyPem);
    const header = signSandboxNotification(body, a.privateKeyPem, t);
    expect(verifySandboxNotification(body, header, a.publicKeyPem, atT)).toEqual({
      ok: true,
      timestamp: t,
    });
  });
});

describe("signSandboxNotification", () => {
  it("produces the recorded header for the fixed key, body and time", () => {
    expect(signSandboxNotification(body, rfcPrivateKeyPem, t)).toBe(fixedHeader);
  });

  it("signs exactly `${t}.${body}` as UTF-8, so other implementations can verify it", () => {
    const chinese = '{"subject":"拿铁 ×2"}';
    const header = signSandboxNotification(chinese, rfcPrivateKeyPem, t);
    const signature = Buffer.from(header.split(",v1=")[1]!, "base64");
    expect(header.startsWith(`t=${t},v1=`)).toBe(true);
    expect(verify(null, Buffer.from(`${t}.${chinese}`, "utf8"), rfcPublicKeyPem, signature)).toBe(
      true,
    );
  });

  it("uses the current time when none is given", () => {
    const before = Math.floor(Date.now() / 1000);
    const header = signSandboxNotification(body, rfcPrivateKeyPem);
    const signedAt = Number(/^t=(\d+),/.exec(header)?.[1]);
    expect(signedAt).toBeGreaterThanOrEqual(before);
    expect(signedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("refuses a timestamp that is not whole seconds", () => {
    expect(() => signSandboxNotification(body, rfcPrivateKeyPem, 1.5)).toThrow(RangeError);
    expect(() => signSandboxNotification(body, rfcPrivateKeyPem, -1)).toThrow(RangeError);
  });
});

describe("verifySandboxNotification", () => {
  it("accepts the recorded header", () => {
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT)).toEqual({
      ok: true,
      timestamp: t,
    });
  });

  it("refuses a body with one byte changed", () => {
    const changed = body.replace('"1250"', '"1251"');
    expect(verifySandboxNotification(changed, fixedHeader, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifySandboxNotification(`${body} `, fixedHeader, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a signature made with another key pair", () => {
    const other = generateSandboxKeyPair();
    const header = signSandboxNotification(body, other.privateKeyPem, t);
    expect(verifySandboxNotification(body, header, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a genuine signature moved to a fresher timestamp", () => {
    const moved = fixedHeader.replace(`t=${t}`, `t=${t + 60}`);
    expect(verifySandboxNotification(body, moved, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it.each([null, "", "   "])("reports a missing header (%j)", (header) => {
    expect(verifySandboxNotification(body, header, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "missing",
    });
  });

  const signature = fixedHeader.split(",v1=")[1]!;
  it.each([
    ["no signature", `t=${t}`],
    ["no timestamp", `v1=${signature}`],
    ["not key=value", "garbage"],
    ["timestamp not a number", `t=soon,v1=${signature}`],
    ["timestamp in milliseconds form with a dot", `t=${t}.5,v1=${signature}`],
    ["two timestamps", `t=${t},t=${t},v1=${signature}`],
    ["signature not base64", `t=${t},v1=not*base64!`],
    ["signature of the wrong length", `t=${t},v1=${Buffer.alloc(32).toString("base64")}`],
    ["empty signature", `t=${t},v1=`],
  ])("reports a malformed header (%s)", (_name, header) => {
    expect(verifySandboxNotification(body, header, rfcPublicKeyPem, atT)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("tolerates spaces after commas and unknown schemes, and takes any matching v1", () => {
    const other = signSandboxNotification(body, generateSandboxKeyPair().privateKeyPem, t);
    const header = `t=${t}, v0=abc, v1=${other.split(",v1=")[1]!}, v1=${signature}`;
    expect(verifySandboxNotification(body, header, rfcPublicKeyPem, atT)).toEqual({
      ok: true,
      timestamp: t,
    });
  });

  it("accepts a notification within the tolerance either side, up to its edge", () => {
    for (const offset of [-300_000, -1, 0, 1, 299_999, 300_000]) {
      expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT + offset)).toEqual({
        ok: true,
        timestamp: t,
      });
    }
  });

  it("reports a genuine notification older than the tolerance as stale (a replay)", () => {
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT + 300_001)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT + 86_400_000)).toEqual(
      { ok: false, reason: "stale" },
    );
  });

  it("reports one dated too far in the future as stale", () => {
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT - 300_001)).toEqual({
      ok: false,
      reason: "stale",
    });
  });

  it("honours a custom tolerance", () => {
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT + 61_000, 60)).toEqual(
      { ok: false, reason: "stale" },
    );
    expect(verifySandboxNotification(body, fixedHeader, rfcPublicKeyPem, atT + 59_000, 60)).toEqual(
      { ok: true, timestamp: t },
    );
  });

  it("reports a forged old message as a bad signature, not as stale", () => {
    const forged = body.replace("succeeded", "failed");
    expect(
      verifySandboxNotification(forged, fixedHeader, rfcPublicKeyPem, atT + 86_400_000),
    ).toEqual({ ok: false, reason: "bad_signature" });
  });
});
