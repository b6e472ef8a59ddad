import { crc32, deflateRawSync } from "node:zlib";
import { encodeGbk } from "@/server/text/gbk";
import type { StatementLine, StatementReader } from "@/server/reconciliation/parsers/types";

/** The bytes fed in slices of `size` (1 and 7 put chunk borders inside characters and fields). */
export async function* inChunks(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

/** Every line of an opened statement, read to the end (then `summary()` is valid). */
export async function readAll(reader: StatementReader): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  for await (const line of reader.lines) lines.push(line);
  return lines;
}

/** GBK bytes for text (what Alipay's statements are written in). */
export function gbk(text: string): Uint8Array {
  const bytes = encodeGbk(text);
  if (!bytes) throw new Error(`No GBK code for a character of ${text}`);
  return bytes;
}

/**
 * A zip of the entries, deflated, names written as given (GBK bytes without the UTF-8 flag,
 * as Alipay's download does). PKWARE APPNOTE.TXT: local headers, central directory, end record.
 */
export function zipOf(entries: { name: Uint8Array; data: Uint8Array }[]): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), packed);
    directory.push(central, Buffer.from(name));
    offset += 30 + name.length + packed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directoryBytes, end]));
}
