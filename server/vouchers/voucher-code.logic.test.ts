import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkCharacter,
  codeAlphabet,
  codeBodyLength,
  codeLength,
  formatCode,
  generateCode,
  lookalikes,
  parseCode,
} from "./voucher-code.logic";

const body = "7KQ4MZ8CRT2";
const valid = body + checkCharacter(body);

describe("voucher codes", () => {
  it("uses 31 characters without look-alikes", () => {
    expect(codeAlphabet).toHaveLength(31);
    expect(new Set(codeAlphabet).size).toBe(31);
    for (const ch of "01OIL") expect(codeAlphabet).not.toContain(ch);
  });

  it("generates well-formed codes that pass their own check, and no two alike", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateCode((n) => randomBytes(n));
      expect(code).toHaveLength(codeLength);
      expect(parseCode(code)).toEqual({ ok: true, code });
      codes.add(code);
    }
    expect(codes.size).toBe(2000);
  });

  it("draws every character evenly, including from biased-looking bytes", () => {
    // Bytes 248..255 must be skipped, not folded onto the first characters.
    let i = 0;
    const code = generateCode((n) => Uint8Array.from({ length: n }, () => (i++ % 2 ? 250 : 31)));
    expect(code.slice(0, codeBodyLength)).toBe("2".repeat(codeBodyLength));
  });

  // The check is linear, so these loops cover every code: a substitution shifts the sum by
  // weight × difference whatever the other characters are, a swap by (w_i − w_j) × difference.
  it("catches every single-character substitution at every position", () => {
    let tried = 0;
    for (let pos = 0; pos < codeLength; pos++) {
      for (const ch of codeAlphabet) {
        if (ch === valid[pos]) continue;
        const typo = valid.slice(0, pos) + ch + valid.slice(pos + 1);
        expect(parseCode(typo), typo).toEqual({ ok: false, reason: "bad_check" });
        tried++;
      }
    }
    expect(tried).toBe(codeLength * 30);
  });

  it("catches every swap of two different neighbours, check character included", () => {
    const swap = (code: string, pos: number) =>
      code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
    let tried = 0;
    for (let pos = 0; pos < codeLength - 1; pos++) {
      for (const a of codeAlphabet) {
        for (const b of codeAlphabet) {
          // Body pairs: a, b at pos, pos+1. The last pair (last body character, check): a is
          // the last body character and b the one before it, which runs the check through all 31.
          const bd =
            pos + 1 < codeBodyLength
              ? body.slice(0, pos) + a + b + body.slice(pos + 2)
              : body.slice(0, pos - 1) + b + a;
          const code = bd + checkCharacter(bd);
          if (code[pos] === code[pos + 1]) continue;
          expect(parseCode(code).ok).toBe(true);
          expect(parseCode(swap(code, pos)), swap(code, pos)).toEqual({
            ok: false,
            reason: "bad_check",
          });
          tried++;
        }
      }
    }
    // Every ordered pair of different characters at every body position, and 31 × 30 at the end.
    expect(tried).toBe((codeLength - 2) * 31 * 30 + 31 * 30);
  });

  it("reads what a cashier types or a scanner sends", () => {
    const lower = formatCode(valid).toLowerCase();
    expect(parseCode(lower)).toEqual({ ok: true, code: valid });
    expect(parseCode(`  ${valid.slice(0, 6)} ${valid.slice(6)}\n`)).toEqual({
      ok: true,
      code: valid,
    });
    expect(parseCode(`https://shop.example/r/${valid}`)).toEqual({ ok: true, code: valid });
    expect(parseCode(`https://shop.example/r/${formatCode(valid)}?x=1`)).toEqual({
      ok: true,
      code: valid,
    });
  });

  it("refuses what cannot be a code before checking it", () => {
    expect(parseCode("")).toEqual({ ok: false, reason: "bad_format" });
    expect(parseCode(valid.slice(1))).toEqual({ ok: false, reason: "bad_format" });
    expect(parseCode(valid + "2")).toEqual({ ok: false, reason: "bad_format" });
    // The wrong length is the length, whatever the characters.
    expect(parseCode("hello")).toEqual({ ok: false, reason: "bad_format" });
    expect(parseCode("O" + valid)).toEqual({ ok: false, reason: "bad_format" });
    // A link whose code is not percent-encoded text (a forged QR code) is no code either.
    expect(parseCode("https://shop.example/r/%E0%A4%A")).toEqual({
      ok: false,
      reason: "bad_format",
    });
  });

  it("names a character codes never use, rather than blaming the length", () => {
    expect(parseCode("0" + valid.slice(1))).toEqual({
      ok: false,
      reason: "bad_character",
      character: "0",
      position: 1,
    });
    expect(parseCode(valid.slice(0, -1) + "O")).toEqual({
      ok: false,
      reason: "bad_character",
      character: "O",
      position: 12,
    });
    // Typed in lower case, between the printed dashes: counted without the dashes.
    const typed = formatCode(valid.slice(0, 4) + "l" + valid.slice(5)).toLowerCase();
    expect(parseCode(typed)).toMatchObject({
      reason: "bad_character",
      character: "L",
      position: 5,
    });
    expect(parseCode(valid.slice(0, 6) + "#" + valid.slice(7))).toMatchObject({
      reason: "bad_character",
      character: "#",
      position: 7,
    });
    for (const ch of lookalikes) expect(codeAlphabet).not.toContain(ch);
  });

  it("prints in groups of four", () => {
    expect(formatCode("ABCDEFGHJKMN")).toBe("ABCD-EFGH-JKMN");
  });
});
