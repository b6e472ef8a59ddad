/** One field an audited change touched: its path ("address.city") and its value before and after. */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields that differ between an audit row's before and after, in key order: the readable
 * form of a change. Nested objects are walked to their leaves (an object against nothing as all
 * new or all gone), arrays compared whole. A row with only an `after` (something created) lists
 * every field as new; only a `before`, every field as gone.
 */
export function fieldChanges(before: unknown, after: unknown, prefix = ""): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return same(before, after) ? [] : [{ path: prefix || "value", before, after }];
  }
  if (!isRecord(before) || !isRecord(after)) {
    if (prefix) return [{ path: prefix, before, after }];
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    return fieldChanges(b, a, prefix);
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) => {
    const path = prefix ? `${prefix}.${k}` : k;
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    // An object on one side and nothing on the other (created, removed) is walked too.
    const walk = (isRecord(b) || b === null) && (isRecord(a) || a === null);
    if (walk && (isRecord(b) || isRecord(a))) return fieldChanges(b ?? {}, a ?? {}, path);
    return same(b, a) ? [] : [{ path, before: b, after: a }];
  });
}

/** A value as shown in a change: text as is, nothing as an em dash, the rest as compact JSON. */
export function changeValueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
