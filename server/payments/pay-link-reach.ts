import "server-only";
import { networkInterfaces } from "node:os";
import { env } from "@/env";
import { consoleAddresses } from "@/scripts/console-addresses.mjs";
import { isLoopbackHost, type PayLinkReach } from "./pay-link-origin.logic";

/**
 * How customers' phones reach this server, for the pay links the counter shows and prints:
 * APP_URL, else the first of this machine's addresses on the shop's network that the start-up
 * log names for tablets (none when the server listens on loopback alone).
 */
export function payLinkReach(): PayLinkReach {
  if (env.APP_URL) return { publicOrigin: new URL(env.APP_URL).origin, networkHost: null };
  const network = consoleAddresses({
    appUrl: undefined,
    // The pay page needs no session cookie: the cookie's setting does not narrow its address.
    cookieSecure: undefined,
    hostname: env.HEXIAO_LISTEN_HOST,
    port: env.PORT,
    interfaces: networkInterfaces(),
  })
    .map((origin) => new URL(origin).hostname)
    .find((host) => !isLoopbackHost(host));
  return { publicOrigin: null, networkHost: network ?? null };
}
