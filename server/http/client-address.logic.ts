/**
 * The client's address: the connection's own (`peer`), or, behind `trustProxy` reverse proxies,
 * the address the outermost of them saw. Each proxy appends the address it received from to
 * X-Forwarded-For, so the last `trustProxy` entries were written by our proxies and the one
 * before them is the client; entries further left are whatever the client sent. Without a
 * known peer (under `next dev` or in tests, where no server tells it), the first forwarded
 * hop is taken, as a proxy-less development setup has nothing better.
 */
export function clientAddress(
  forwardedFor: string | null,
  peer: string | null,
  trustProxy: number,
): string | null {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  if (peer === null) return hops[0] ?? null;
  const chain = [...hops, peer];
  const index = Math.max(0, chain.length - 1 - trustProxy);
  return normalise(chain[index] ?? peer);
}

/** An IPv4 client of a dual-stack socket reads `::ffff:192.0.2.1`; the audit log shows 192.0.2.1. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
