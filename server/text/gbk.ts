let gbkTable: Map<string, number[]> | null = null;

/**
 * GBK bytes for text, or null when a character has no GBK code. Node has no GBK encoder, so
 * the table is the inverse of its decoder: every two-byte GBK code (lead 0x81–0xFE, trail
 * 0x40–0xFE but 0x7F) decoded once by TextDecoder("gbk"), each character mapped back to the
 * first code that decodes to it. Built on first use (some 24,000 codes, a few milliseconds).
 */
export function encodeGbk(text: string): Uint8Array | null {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== "\uFFFD" && !gbkTable.has(char))
          gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = gbkTable.get(char);
    if (!pair) return null;
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}
