// A bench's figures beside their targets (the issues' "done when"), for console.table.

/** A target, as printed ("< 50") and as checked. */
export interface Target {
  target: string;
  met: (value: number) => boolean;
}

export const below = (limit: number): Target => ({ target: `< ${limit}`, met: (v) => v < limit });
export const atLeast = (limit: number): Target => ({
  target: `≥ ${limit}`,
  met: (v) => v >= limit,
});

/** Each figure with its target and whether it is met; figures without one are shown as measured. */
export function againstTargets(figures: Record<string, number>, targets: Record<string, Target>) {
  return Object.entries(figures).map(([figure, value]) => {
    const t = targets[figure];
    return { figure, value, target: t?.target ?? "", met: t ? (t.met(value) ? "yes" : "NO") : "" };
  });
}
