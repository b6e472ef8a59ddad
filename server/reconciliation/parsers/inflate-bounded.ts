import type { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { gzipUnreadable, zipTooLarge, type StatementFileError } from "./statement-file-error";

/**
 * How much text a compressed statement may unpack to: a statement's CSV deflates to a tenth of
 * its size or so, while a bomb's repeated bytes shrink a thousandfold. A hundred times the
 * compressed bytes (at least 16 MiB) passes every real statement and stops a bomb long before
 * its lines fill the database.
 */
const inflateRatio = 100;
const inflateFloor = 16 * 1024 * 1024;

/**
 * The compressed bytes unpacked by `inflater` as they are read, refused past the bound above;
 * bytes the inflater cannot read are `unreadable()`.
 */
export async function* inflateBounded(
  data: Uint8Array,
  inflater: Transform,
  unreadable: () => StatementFileError,
): AsyncGenerator<Uint8Array> {
  const limit = Math.max(inflateFloor, data.length * inflateRatio);
  inflater.end(data);
  let inflated = 0;
  try {
    for await (const out of inflater) {
      inflated += (out as Buffer).length;
      if (inflated > limit) break;
      yield out as Buffer;
    }
  } catch {
    throw unreadable();
  } finally {
    inflater.destroy();
  }
  if (inflated > limit) throw zipTooLarge(Math.round(limit / (1024 * 1024)));
}

export const gzipMagic = [0x1f, 0x8b] as const;

/** The whole compressed source in memory (its directory or trailer is at its end), progress told. */
export async function heldWhole(
  source: AsyncIterable<Uint8Array>,
  onProgress?: (bytesRead: number) => void,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    size += chunk.length;
    onProgress?.(size);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A gzipped statement unpacked (WeChat Pay's bill API answers gzip when asked tar_type=GZIP,
 * and merchants keep the file so). The compressed bytes are held while they unpack, as a
 * zip's are: a fraction of the text, which is itself streamed on.
 */
export async function* gunzipped(
  source: AsyncIterable<Uint8Array>,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<Uint8Array> {
  yield* inflateBounded(await heldWhole(source, onProgress), createGunzip(), gzipUnreadable);
}
