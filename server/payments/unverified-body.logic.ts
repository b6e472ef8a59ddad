import { createHash } from "node:crypto";

/** How much of a notification that failed verification is kept to look at. */
export const keptUnverifiedBytes = 512;

/**
 * What is stored of a body that failed verification: its SHA-256, its size and its first
 * 512 bytes. Anyone can post one, so keeping whole bodies (up to 256 KB each) let a stranger
 * fill the merchant's database; the digest still tells two deliveries apart.
 */
export function unverifiedBodyDigest(rawBody: string): string {
  const bytes = Buffer.from(rawBody);
  const sha = createHash("sha256").update(bytes).digest("hex");
  const head = bytes.subarray(0, keptUnverifiedBytes).toString("utf8");
  return `sha256:${sha} bytes:${bytes.length}\n${head}`;
}
