/**
 * A short fingerprint of a pay view as it travels (superjson's `json` part): the server puts
 * the one of the view it rendered on the page, and the page compares each view the live
 * updates send with it, fetching the page again only when they differ. FNV-1a over the JSON
 * text: no crypto (the browser's digest is async, and absent from a plain-http LAN address),
 * and a collision would only delay a change to the next one.
 */
export function viewStamp(json: unknown): string {
  const text = JSON.stringify(json);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
