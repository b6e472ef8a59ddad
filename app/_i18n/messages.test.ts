import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import compile from "icu-minify/compile";
import { describe, expect, it } from "vitest";
import { loadMessages } from "./messages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The ICU arguments a message uses: `{name}`, `{count, plural, …}` → name, count. */
function placeholders(message: string): string[] {
  return [
    ...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]!)),
  ].sort();
}

const catalogues = {
  en: flatten(loadMessages("en") as Tree),
  "zh-CN": flatten(loadMessages("zh-CN") as Tree),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Keys written twice in one object of a JSON text (JSON.parse silently keeps the last). */
function repeatedKeys(json: string): string[] {
  const repeated: string[] = [];
  const objects: Set<string>[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === "{") objects.push(new Set());
    else if (c === "}") objects.pop();
    else if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      const text = json.slice(i + 1, end);
      i = end;
      const isKey = /^\s*:/.test(json.slice(end + 1, end + 8));
      const keys = objects.at(-1);
      if (isKey && keys) {
        if (keys.has(text)) repeated.push(text);
        keys.add(text);
      }
    }
  }
  return repeated;
}

describe("message catalogues", () => {
  it("have the same keys in both languages", () => {
    const enKeys = [...catalogues.en.keys()].sort();
    const zhKeys = [...catalogues["zh-CN"].keys()].sort();
    expect(enKeys.filter((k) => !catalogues["zh-CN"].has(k))).toEqual([]);
    expect(zhKeys.filter((k) => !catalogues.en.has(k))).toEqual([]);
  });

  it("hold each key once per object: a second one silently replaced the first", () => {
    const dir = path.join(import.meta.dirname, "messages");
    for (const locale of Object.keys(catalogues)) {
      for (const file of readdirSync(path.join(dir, locale))) {
        const text = readFileSync(path.join(dir, locale, file), "utf8");
        expect(repeatedKeys(text), `${locale}/${file}`).toEqual([]);
      }
    }
  });

  it("use the same placeholders for each key in both languages", () => {
    const mismatched = [...catalogues.en].filter(
      ([key, text]) =>
        placeholders(text).join() !== placeholders(catalogues["zh-CN"].get(key) ?? "").join(),
    );
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it("are ICU messages the precompiler can read (a stray < starts a tag)", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const unreadable: string[] = [];
      for (const [key, text] of catalogues[locale]) {
        try {
          compile(text);
        } catch (e) {
          unreadable.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      expect(unreadable).toEqual([]);
    }
  });

  it("contain no empty message", () => {
    for (const catalogue of Object.values(catalogues)) {
      expect([...catalogue].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
    }
  });

  it("define every literal key the screens ask for", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const source = readFileSync(file, "utf8");
      // `const t = useTranslations("ns")` or `const t = await getTranslations("ns")`
      const bindings = [
        ...source.matchAll(
          /const (\w+) = (?:await )?(?:useTranslations|getTranslations)\("([\w.]+)"\)/g,
        ),
      ];
      for (const call of source.matchAll(/\b(\w+)\("([\w.]+)"/g)) {
        // A call uses the nearest binding of its name above it (components bind `t` separately).
        const binding = bindings.filter((b) => b[1] === call[1] && b.index < call.index).at(-1);
        if (!binding) continue;
        const key = `${binding[2]}.${call[2]}`;
        for (const [locale, catalogue] of Object.entries(catalogues)) {
          if (!catalogue.has(key)) missing.push(`${locale}: ${key} (${path.relative(root, file)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
