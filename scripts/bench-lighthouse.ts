// lighthouse.*: Lighthouse's mobile profile (its default: a mid-range phone on a slow 4G
// link, simulated) on the pages a customer or a cashier opens first, run by bench.ts against
// the demo server of the weight figures. Lighthouse 12 is pinned: 13 needs Node 22, and a
// version change moves the scores.
//
// Its CPU throttling is relative: 4× slower than the host, calibrated for a fast desktop
// (Lighthouse's docs/throttling.md gives a benchmarkIndex of 1500–2000 for one). On a slower or
// busy host the same page scores lower, and one run varies by several points; so each page is
// run several times and the median counts, and the host's benchmarkIndex (Lighthouse's own
// measure of it, median of the runs) is printed beside the scores so a reader can tell.
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type RunnerResult } from "lighthouse";
import { atLeast, shown, verdict, type Target } from "./bench-targets";

const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Issue #20's targets: performance where one is set, accessibility ≥ 95 on every page run. */
export const lighthouseTargets: Record<string, { performance?: Target; accessibility: Target }> = {
  pay: { performance: atLeast(95), accessibility: atLeast(95) },
  receipt: { accessibility: atLeast(95) },
  sign_in: { accessibility: atLeast(95) },
  new_order: { performance: atLeast(90), accessibility: atLeast(95) },
  home: { accessibility: atLeast(95) },
};

export interface LighthouseRow {
  performance: number;
  performance_target: string;
  performance_met: string;
  accessibility: number;
  accessibility_target: string;
  accessibility_met: string;
  /** The accessibility audits that failed, by id (what to fix). */
  failing: string;
  /** Every run's performance score, in order (the median above is the verdict's). */
  runs: string;
  /** Medians of the runs' metrics (ms, simulated): what the score is made of, and what moved it. */
  fcp_ms: number;
  lcp_ms: number;
  tbt_ms: number;
  si_ms: number;
  cls: number;
  /** The host's speed by Lighthouse's measure (median of the runs); 1500–2000 is what 4× assumes. */
  benchmark_index: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Scores (0–100) of each page, the median of `runs` runs; `cookie` is sent with the signed-in
 * ones. One Chromium for all of them, each run in a fresh tab with its cache cleared
 * (Lighthouse's default).
 */
export async function benchLighthouseAt(
  origin: string,
  pages: { name: string; path: string; signedIn: boolean }[],
  cookie: string,
  runs = 3,
) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const figures: Record<string, number> = {};
    const targets: Record<string, Target> = {};
    const rows: Record<string, LighthouseRow> = {};
    // Which Lighthouse and which browser: scores move with either (a browser update moved them by
    // 10–15 points between two stops on the same code), so a comparison names both.
    let runOn = "";
    for (const { name, path, signedIn } of pages) {
      const target = lighthouseTargets[name];
      if (!target) continue;
      const results: RunnerResult["lhr"][] = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(`${origin}${path}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
          extraHeaders: signedIn ? { Cookie: cookie } : undefined,
        });
        if (!result) throw new Error(`lighthouse gave no result for ${path}`);
        results.push(result.lhr);
        const browser = /Chrome\/([\d.]+)/.exec(result.lhr.environment.hostUserAgent)?.[1];
        runOn = `Lighthouse ${result.lhr.lighthouseVersion} on Chromium ${browser ?? "?"}`;
      }
      const score = (lhr: RunnerResult["lhr"], id: string) =>
        Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const performances = results.map((lhr) => score(lhr, "performance"));
      const performance = median(performances);
      // Accessibility does not depend on speed: any run's audits serve; the worst score counts.
      const worst = results.reduce((a, b) =>
        score(b, "accessibility") < score(a, "accessibility") ? b : a,
      );
      const accessibility = score(worst, "accessibility");
      const metric = (id: string) =>
        median(results.map((lhr) => lhr.audits[id]?.numericValue ?? Number.NaN));
      const benchmarkIndex = Math.round(
        median(results.map((lhr) => lhr.environment.benchmarkIndex)),
      );
      figures[`lighthouse.${name}_performance`] = performance;
      figures[`lighthouse.${name}_accessibility`] = accessibility;
      figures[`lighthouse.${name}_benchmark_index`] = benchmarkIndex;
      if (target.performance) targets[`lighthouse.${name}_performance`] = target.performance;
      targets[`lighthouse.${name}_accessibility`] = target.accessibility;
      const failing = (worst.categories.accessibility?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && worst.audits[ref.id]?.score === 0)
        .map((ref) => ref.id);
      rows[name] = {
        performance,
        performance_target: target.performance?.target ?? "",
        performance_met: shown(verdict(target.performance, performance)),
        accessibility,
        accessibility_target: target.accessibility.target,
        accessibility_met: shown(verdict(target.accessibility, accessibility)),
        failing: failing.join(" "),
        runs: performances.join(" "),
        fcp_ms: Math.round(metric("first-contentful-paint")),
        lcp_ms: Math.round(metric("largest-contentful-paint")),
        tbt_ms: Math.round(metric("total-blocking-time")),
        si_ms: Math.round(metric("speed-index")),
        cls: Math.round(metric("cumulative-layout-shift") * 1000) / 1000,
        benchmark_index: benchmarkIndex,
      };
    }
    return { figures, targets, rows, runOn };
  } finally {
    chrome.kill();
  }
}
