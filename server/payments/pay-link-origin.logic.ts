/**
 * What the server knows of how a customer's phone reaches it: the public address (APP_URL),
 * and this machine's address on the shop's network when it listens there.
 */
export interface PayLinkReach {
  /** APP_URL's origin, when set. */
  publicOrigin: string | null;
  /** An IPv4 address of this machine on the shop's network, when the server listens on it. */
  networkHost: string | null;
}

/** localhost (and its subdomains), 127.0.0.0/8 and ::1: a name that means "this device" to whoever opens it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  // Also in the browser (the counter's screen), so without node:net.
  if (/^127(\.\d{1,3}){3}$/.test(host)) return true;
  return host === "::1" || host === "0:0:0:0:0:0:0:1";
}

/**
 * The origin of the pay link a customer scans from the counter's screen or a printed slip.
 * The cashier's own address is wrong for the customer when it is this machine's loopback
 * (the shop's PC opening http://localhost:3000, as the README starts it): on the phone,
 * localhost is the phone. APP_URL is where customers reach the shop; else the same server by
 * its address on the shop's network, on the port the page came by.
 */
export function payLinkOrigin(pageOrigin: string, reach: PayLinkReach): string {
  if (reach.publicOrigin) return reach.publicOrigin;
  const page = new URL(pageOrigin);
  if (!isLoopbackHost(page.hostname) || !reach.networkHost) return page.origin;
  page.hostname = reach.networkHost;
  return page.origin;
}
