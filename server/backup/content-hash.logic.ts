import { createHash } from "node:crypto";

const modulus = 1n << 256n;

/**
 * A table's row count and content hash: the SHA-256 of each row's text summed modulo 2^256,
 * so the hash does not depend on the order rows are read in (a sum, not XOR: two equal rows
 * would cancel out under XOR). Both engines give a row the same text (`to_jsonb(t)::text` in
 * UTC), so a table restored elsewhere hashes the same.
 */
export class TableDigest {
  rows = 0;
  private sum = 0n;

  add(rowText: string): void {
    this.rows++;
    const digest = createHash("sha256").update(rowText).digest("hex");
    this.sum = (this.sum + BigInt(`0x${digest}`)) % modulus;
  }

  get hash(): string {
    return this.sum.toString(16).padStart(64, "0");
  }
}
