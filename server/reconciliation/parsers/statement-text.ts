import { badText, lineTooLong, truncated } from "./statement-file-error";

/** No statement's text holds a null character, and PostgreSQL's text cannot store one. */
const nullCharacter = "\u0000";

/** UTF-16 only with its BOM (Excel's "Unicode text", some PayPal report downloads). */
export type StatementEncoding = "utf-8" | "gbk" | "utf-16le" | "utf-16be";

/** One line of the decoded file, without its line break. `no` is 1-based. */
export interface TextLine {
  no: number;
  text: string;
}

/** What the decoder learns as it goes: the encoding, and how the file ended. */
export interface TextState {
  encoding: StatementEncoding;
  /** True once the whole file is read and its last line had no line break after it. */
  endedMidLine: boolean;
  /** Lines handed out so far (the last line's number at the end). */
  lineCount: number;
}

const utf8Bom = [0xef, 0xbb, 0xbf] as const;
/** Bytes of non-ASCII text looked at before choosing between UTF-8 and GBK. */
const sniffWindow = 1024;
/**
 * The longest line read, in characters. A statement's lines are a few hundred characters; a
 * file with no line break for longer (a binary, a minified export) is not a statement, and
 * is refused before its one line is held whole.
 */
export const maxLineChars = 1024 * 1024;

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === utf8Bom[0] && bytes[1] === utf8Bom[1] && bytes[2] === utf8Bom[2];
}

/** The UTF-16 a byte-order mark at the start names, or null. */
export function utf16Bom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return i;
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * UTF-8 unless the bytes are not valid UTF-8, then GBK (what Chinese Windows and Alipay write).
 * A sequence cut at the end of the window is not held against UTF-8: `stream: true` keeps it.
 */
export function sniffEncoding(bytes: Uint8Array): StatementEncoding {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return "utf-8";
  } catch {
    return "gbk";
  }
}

/**
 * Decodes a byte stream into batches of lines, chunk by chunk: a line or a multi-byte
 * character split across chunks is joined, and nothing but the current chunk and the
 * unfinished line is held. The encoding is the BOM's (UTF-8 or UTF-16); else it is decided at the first
 * non-ASCII bytes (ASCII reads the same in both), so a file whose Chinese starts far down
 * is still decided on real text. Invalid text in the chosen encoding is refused with its
 * line number rather than read as replacement characters.
 */
export async function* decodeLines(
  source: AsyncIterable<Uint8Array>,
  state: TextState,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<TextLine[]> {
  let bytesRead = 0;
  let decoder: TextDecoder | null = null;
  /** Bytes not decoded yet: the first three (a BOM?), then non-ASCII bytes being sniffed. */
  let pending: Uint8Array = new Uint8Array(0);
  let bomChecked = false;
  let partial = "";

  // A null character means binary, or UTF-16 without its BOM (every other byte of its ASCII
  // is one) read as UTF-8: refused as text that is not this encoding's, with its line.
  const checked = (no: number, text: string): TextLine => {
    if (text.includes(nullCharacter)) throw badText(no, state.encoding);
    return { no, text };
  };

  const split = (text: string, final: boolean): TextLine[] => {
    const lines: TextLine[] = [];
    // The unfinished line has no break in it: only the new text is searched, so a long line
    // costs its length once rather than once per chunk.
    if (!final && !text.includes("\n")) {
      partial += text;
      if (partial.length > maxLineChars) throw lineTooLong(state.lineCount + 1, maxLineChars);
      return lines;
    }
    const rest = partial + text;
    let start = 0;
    for (let end = rest.indexOf("\n"); end !== -1; end = rest.indexOf("\n", start)) {
      const lineEnd = end > start && rest.charCodeAt(end - 1) === 13 ? end - 1 : end;
      lines.push(checked(++state.lineCount, rest.slice(start, lineEnd)));
      start = end + 1;
    }
    partial = rest.slice(start);
    if (partial.length > maxLineChars) throw lineTooLong(state.lineCount + 1, maxLineChars);
    if (final && partial.length > 0) {
      // A last line without a line break: kept, and noted (a cut-off file ends this way).
      lines.push(checked(++state.lineCount, partial.replace(/\r$/, "")));
      state.endedMidLine = true;
      partial = "";
    }
    return lines;
  };

  const decode = (bytes: Uint8Array, final: boolean): string => {
    if (!decoder) return "";
    try {
      return decoder.decode(bytes, { stream: !final });
    } catch {
      // The fatal decoder does not say where; a lenient pass over the chunk finds the line.
      const lenient = new TextDecoder(state.encoding).decode(bytes, { stream: !final });
      const bad = lenient.indexOf("\uFFFD");
      const line = state.lineCount + 1 + countBreaks(partial + lenient.slice(0, Math.max(0, bad)));
      // Only the end of the file is wrong: a character cut in half, so the file was cut.
      if (final && (bad === -1 || bad === lenient.length - 1)) {
        throw truncated(`the rest of line ${line}`, line);
      }
      throw badText(line, state.encoding);
    }
  };

  /** Text from undecided bytes: their ASCII head as is, the rest once the window is full. */
  const settle = (final: boolean): string => {
    const at = firstNonAscii(pending);
    if (at === -1) {
      const text = asciiText(pending);
      pending = new Uint8Array(0);
      return text;
    }
    const head = asciiText(pending.subarray(0, at));
    const tail = pending.subarray(at);
    if (tail.length < sniffWindow && !final) {
      pending = tail;
      return head;
    }
    state.encoding = sniffEncoding(tail.subarray(0, sniffWindow));
    decoder = new TextDecoder(state.encoding, { fatal: true });
    pending = new Uint8Array(0);
    return head + decode(tail, final);
  };

  const take = (chunk: Uint8Array, final: boolean): string => {
    let bytes = chunk;
    if (!bomChecked) {
      pending = concat(pending, bytes);
      if (pending.length < utf8Bom.length && !final) return "";
      bomChecked = true;
      bytes = pending;
      pending = new Uint8Array(0);
      const utf16 = utf16Bom(bytes);
      if (startsWithBom(bytes)) {
        state.encoding = "utf-8";
        decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
        bytes = bytes.subarray(utf8Bom.length);
      } else if (utf16) {
        state.encoding = utf16;
        decoder = new TextDecoder(utf16, { fatal: true, ignoreBOM: true });
        bytes = bytes.subarray(2);
      }
    }
    if (decoder) return decode(bytes, final);
    pending = concat(pending, bytes);
    return settle(final);
  };

  for await (const chunk of source) {
    bytesRead += chunk.length;
    onProgress?.(bytesRead);
    const lines = split(take(chunk, false), false);
    if (lines.length > 0) yield lines;
  }
  const lines = split(take(new Uint8Array(0), true), true);
  if (lines.length > 0) yield lines;
}

function asciiText(bytes: Uint8Array): string {
  return bytes.length === 0
    ? ""
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

function countBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
