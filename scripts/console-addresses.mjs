// Where staff can open the console, as the start-up log prints it (scripts/app-server.mjs,
// and the first-run setup's link in server/runtime.ts). Plain JavaScript, for both.

/**
 * @typedef {object} Reach
 * @property {string | undefined} appUrl APP_URL: the one public address, when set.
 * @property {string | undefined} cookieSecure COOKIE_SECURE ("auto", "true", "false").
 * @property {string | undefined} hostname The address the server listens on (`-H`); unset or
 *   empty: every interface.
 * @property {number | string} port
 * @property {Record<string, { address: string, family: string, internal: boolean }[] | undefined>} interfaces
 *   os.networkInterfaces()
 */

/** Listening on these is listening on every interface. */
const everyInterface = new Set(["", "0.0.0.0", "::", "[::]"]);

/**
 * The console's addresses that work, in the order to try them:
 * - APP_URL alone when set: the proxy's https address, the one the cookies and the
 *   cross-site check are made for (over the bare LAN address a Secure cookie would not stick);
 * - the one address the server listens on, when it listens on one (127.0.0.1: nothing else
 *   reaches it);
 * - else this machine (localhost) and each of its network's IPv4 addresses, which counter
 *   tablets on the shop's network open over http; not when COOKIE_SECURE=true, since a Secure
 *   session cookie is kept over plain http on localhost only, and the sign-in would not stick.
 * @param {Reach} reach
 * @returns {string[]} origins, e.g. "http://192.168.1.20:3000"
 */
export function consoleAddresses({ appUrl, cookieSecure, hostname, port, interfaces }) {
  if (appUrl) return [new URL(appUrl).origin];
  const host = hostname ?? "";
  if (!everyInterface.has(host)) {
    return [`http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`];
  }
  const here = `http://localhost:${port}`;
  if (cookieSecure === "true") return [here];
  const lan = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    // A link-local address (169.254.x.x, taken when no DHCP answered) reaches no tablet.
    .filter((i) => !i.internal && i.family === "IPv4" && !i.address.startsWith("169.254."))
    .map((i) => `http://${i.address}:${port}`);
  return [here, ...new Set(lan)];
}
