import { isIP } from "node:net";

/**
 * Why a provider could not reach (or should not be given) our public address: it was not set
 * (APP_URL, so the server's own internal address is used), it is not https (Alipay and
 * WeChat Pay require https notify URLs), or it is not on the public internet.
 */
export type AddressIssue = "noAppUrl" | "notHttps" | "notPublic";

function isPrivateIpv4(host: string): boolean {
  const [a = -1, b = -1] = host.split(".").map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

/** localhost, loopback and private ranges, link-local, .local / .lan / .internal names, bare host names. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  const ip = isIP(host);
  if (ip === 4) return !isPrivateIpv4(host);
  if (ip === 6)
    return !(
      host === "::" ||
      host === "::1" ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      /^::ffff:/.test(host)
    );
  if (host === "localhost" || !host.includes(".")) return false;
  return !/\.(localhost|local|lan|home|internal|intranet|corp|home\.arpa)$/.test(host);
}

export function publicAddressIssues(publicUrl: string, appUrlSet: boolean): AddressIssue[] {
  const issues: AddressIssue[] = appUrlSet ? [] : ["noAppUrl"];
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return [...issues, "notPublic"];
  }
  if (url.protocol !== "https:") issues.push("notHttps");
  if (!isPublicHost(url.hostname)) issues.push("notPublic");
  return issues;
}
