// A bench's figures beside their targets (the issues' "done when"), for console.table and for
// bench-results*.json.

/** A target, as printed ("< 50") and as checked; no check where this run cannot judge it. */
export interface Target {
  target: string;
  met?: (value: number) => boolean;
}

export const below = (limit: number, unit = ""): Target => ({
  target: `< ${limit}${unit}`,
  met: (v) => v < limit,
});
export const atMost = (limit: number, unit = ""): Target => ({
  target: `≤ ${limit}${unit}`,
  met: (v) => v <= limit,
});
export const atLeast = (limit: number, unit = ""): Target => ({
  target: `≥ ${limit}${unit}`,
  met: (v) => v >= limit,
});
export const none: Target = { target: "0", met: (v) => v === 0 };

/**
 * A target set for one size or engine (`where`, e.g. "at 1M orders on PostgreSQL"), judged
 * only when this run is it (`applies`); otherwise its figure is shown without a verdict.
 */
export const only = (applies: boolean, where: string, t: Target): Target => ({
  target: `${t.target} ${where}`,
  met: applies ? t.met : undefined,
});

/** A figure as bench-results*.json holds it: `met` is null where the run cannot judge it. */
export interface Judged {
  value: number;
  target?: string;
  met?: boolean | null;
}

/** Whether `value` meets `t`: null where this run cannot judge it, undefined without a target. */
export const verdict = (t: Target | undefined, value: number) =>
  t === undefined ? undefined : t.met ? t.met(value) : null;

/** Each figure with its target and verdict (figures without a target keep only their value). */
export function judge(figures: Record<string, number>, targets: Record<string, Target>) {
  return Object.fromEntries(
    Object.entries(figures).map(([figure, value]): [string, Judged] => {
      const t = targets[figure];
      return [figure, t ? { value, target: t.target, met: verdict(t, value) } : { value }];
    }),
  );
}

/** A verdict as printed: met, not met, not judged by this run, or no target. */
export const shown = (met: boolean | null | undefined) =>
  met === undefined ? "" : met === null ? "n/a" : met ? "yes" : "NO";

/** Each figure with its target and whether it is met, as console.table rows (by figure). */
export function againstTargets(figures: Record<string, number>, targets: Record<string, Target>) {
  return Object.fromEntries(
    Object.entries(judge(figures, targets)).map(([figure, { value, target, met }]) => [
      figure,
      target === undefined ? { value } : { value, target, met: shown(met) },
    ]),
  );
}
