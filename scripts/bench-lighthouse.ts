// lighthouse.*: Lighthouse's mobile profile (its default: a mid-range phone on a slow 4G
// link, simulated) on the pages a customer or a cashier opens first, run by bench.ts against
// the demo server of the weight figures. Lighthouse 12 is pinned: 13 needs Node 22, and a
// version change moves the scores.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
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
}

/**
 * Scores (0–100) of each page; `cookie` is sent with the signed-in ones. One Chromium for all
 * of them, each run in a fresh tab with its cache cleared (Lighthouse's default).
 */
export async function benchLighthouseAt(
  origin: string,
  pages: { name: string; path: string; signedIn: boolean }[],
  cookie: string,
) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const figures: Record<string, number> = {};
    const targets: Record<string, Target> = {};
    const rows: Record<string, LighthouseRow> = {};
    for (const { name, path, signedIn } of pages) {
      const target = lighthouseTargets[name];
      if (!target) continue;
      const result = await lighthouse(`${origin}${path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders: signedIn ? { Cookie: cookie } : undefined,
      });
      if (!result) throw new Error(`lighthouse gave no result for ${path}`);
      const { categories, audits } = result.lhr;
      const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
      const performance = score("performance");
      const accessibility = score("accessibility");
      figures[`lighthouse.${name}_performance`] = performance;
      figures[`lighthouse.${name}_accessibility`] = accessibility;
      if (target.performance) targets[`lighthouse.${name}_performance`] = target.performance;
      targets[`lighthouse.${name}_accessibility`] = target.accessibility;
      const failing = (categories.accessibility?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && audits[ref.id]?.score === 0)
        .map((ref) => ref.id);
      rows[name] = {
        performance,
        performance_target: target.performance?.target ?? "",
        performance_met: shown(verdict(target.performance, performance)),
        accessibility,
        accessibility_target: target.accessibility.target,
        accessibility_met: shown(verdict(target.accessibility, accessibility)),
        failing: failing.join(" "),
      };
    }
    return { figures, targets, rows };
  } finally {
    chrome.kill();
  }
}
