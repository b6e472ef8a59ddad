/**
 * The part of ICU MessageFormat our customer-facing messages use — `{name}`, `{n, plural, …}`
 * with `#` and `=N`, `{key, select, …}` and apostrophe quoting — in a few hundred bytes, so the
 * customer's pages format their sentences in the browser without next-intl's client (its
 * message parser is most of the script a phone would download for them). As next-intl does,
 * a plural's `#` is shown with the locale's grouping, a plain `{n}` as it is. `icu-lite.test.ts` holds every message
 * of the customer pages' namespaces to next-intl's own output in both languages.
 */
export type MessageValues = Record<string, string | number>;

/** Formats one message; throws on a syntax it does not know (a test catches that, not a customer). */
export function formatMessage(message: string, values: MessageValues, locale: string): string {
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  let at = 0;

  // Text up to the closing brace of the current level (or the end), with `#` as `hash`.
  function text(hash: string | null): string {
    let out = "";
    while (at < message.length) {
      const c = message.charAt(at);
      if (c === "}") return out;
      if (c === "{") {
        out += argument();
        continue;
      }
      if (c === "#" && hash !== null) {
        out += hash;
        at++;
        continue;
      }
      if (c === "'") {
        const next = message[at + 1];
        if (next === "'") {
          out += "'";
          at += 2;
          continue;
        }
        if (next === "{" || next === "}" || (next === "#" && hash !== null)) {
          const end = message.indexOf("'", at + 1);
          out += message.slice(at + 1, end < 0 ? undefined : end);
          at = end < 0 ? message.length : end + 1;
          continue;
        }
      }
      out += c;
      at++;
    }
    return out;
  }

  function word(): string {
    const m = /^\s*([^\s,{}]+)\s*/.exec(message.slice(at));
    if (!m) throw new Error(`Unreadable message: ${message}`);
    at += m[0].length;
    return m[1] ?? "";
  }

  // At "{": one argument, up to and past its "}".
  function argument(): string {
    at++;
    const name = word();
    const value = values[name];
    if (message[at] === "}") {
      at++;
      if (value === undefined) throw new Error(`No value for {${name}} in: ${message}`);
      return String(value);
    }
    if (message[at] !== ",") throw new Error(`Unreadable message: ${message}`);
    at++;
    const kind = word();
    if (kind !== "plural" && kind !== "select") throw new Error(`No "${kind}" here: ${message}`);
    at++; // the comma before the cases
    const cases = new Map<string, string>();
    const hash = kind === "plural" ? number(Number(value)) : null;
    while (message[at] !== "}") {
      const key = word();
      if (message[at] !== "{") throw new Error(`Unreadable message: ${message}`);
      at++;
      cases.set(key, text(hash));
      at++; // the case's "}"
      while (/\s/.test(message[at] ?? "")) at++;
    }
    at++;
    const category =
      kind === "plural" ? new Intl.PluralRules(locale).select(Number(value)) : String(value);
    return cases.get(`=${value}`) ?? cases.get(category) ?? cases.get("other") ?? "";
  }

  const out = text(null);
  if (at < message.length) throw new Error(`Unbalanced braces: ${message}`);
  return out;
}
