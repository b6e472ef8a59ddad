import { createInflateRaw } from "node:zlib";
import { heldWhole, inflateBounded } from "./inflate-bounded";
import { zipWithoutDetail } from "./statement-file-error";

/*
 * Alipay's download URL serves a zip holding 业务明细.csv and 业务明细(汇总).csv, named in GBK
 * without the zip's UTF-8 flag. The zip is read from its central directory (at its end), so
 * the compressed bytes are held while the detail entry is inflated and streamed on: a day's
 * zip is a fraction of its text, and the text itself is never held whole.
 * Layout: PKWARE APPNOTE.TXT §4.3 (end of central directory, central and local headers).
 */

const endOfDirectory = 0x06054b50;
const directoryEntry = 0x02014b50;
const localHeader = 0x04034b50;
const utf8NameFlag = 0x0800;
const stored = 0;
const deflated = 8;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function entries(zip: Buffer): ZipEntry[] {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let i = zip.length - 22; i >= floor; i--) {
    if (zip.readUInt32LE(i) === endOfDirectory) {
      end = i;
      break;
    }
  }
  if (end === -1) return [];
  const count = zip.readUInt16LE(end + 10);
  const list: ZipEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== directoryEntry) return [];
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    list.push({
      name: new TextDecoder(flags & utf8NameFlag ? "utf-8" : "gbk").decode(nameBytes),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return list;
}

/**
 * The statement in a zip, inflated as it is read: Alipay's 业务明细 entry (the 汇总 entry is not
 * the detail), else the zip's only file (a WeChat Pay bill from the merchant platform, any
 * statement a merchant zipped). Of several other files none is guessed at.
 */
export async function* zipStatement(
  source: AsyncIterable<Uint8Array>,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<Uint8Array> {
  const zip = await heldWhole(source, onProgress);
  // Alipay's 汇总 (summary) is never the statement, even alone.
  const files = entries(zip).filter((e) => !e.name.endsWith("/") && !e.name.includes("汇总"));
  const entry =
    files.find((e) => e.name.includes("业务明细")) ?? (files.length === 1 ? files[0] : undefined);
  if (
    !entry ||
    entry.localOffset + 30 > zip.length ||
    zip.readUInt32LE(entry.localOffset) !== localHeader
  ) {
    throw zipWithoutDetail();
  }
  const start =
    entry.localOffset +
    30 +
    zip.readUInt16LE(entry.localOffset + 26) +
    zip.readUInt16LE(entry.localOffset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === stored) {
    yield data;
    return;
  }
  if (entry.method !== deflated) throw zipWithoutDetail();
  yield* inflateBounded(data, createInflateRaw(), zipWithoutDetail);
}
