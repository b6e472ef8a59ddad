import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { locales, type roles } from "@/db/schema/enum-values";
import type { GuideQuiz } from "@/db/schema/guides";
import { contentHash, splitTitle, type Locale } from "./guide.logic";
import { shippedManifestSchema } from "./guide.schema";

export interface ShippedGuide {
  slug: string;
  order: number;
  roles: (typeof roles)[number][];
  quiz: GuideQuiz | null;
  contents: Record<Locale, { title: string; body: string }>;
  /** Changes whenever anything above changes: re-seeding then bumps the merchant's copy. */
  hash: string;
}

/**
 * The guides that ship with the product: for each slug a manifest `<slug>.json` (order, roles,
 * quiz) and one Markdown file per language, `<slug>.<locale>.md`, whose first line is `# Title`.
 */
export function loadShippedGuides(): ShippedGuide[] {
  // Spelled out in each call (not a variable) so the server build traces only this folder.
  const slugs = readdirSync(path.join(process.cwd(), "server", "guides", "shipped"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length));
  return slugs
    .map((slug) => {
      const manifest = shippedManifestSchema.parse(
        JSON.parse(
          readFileSync(
            path.join(process.cwd(), "server", "guides", "shipped", `${slug}.json`),
            "utf8",
          ),
        ),
      );
      const contents = Object.fromEntries(
        locales.map((locale) => [
          locale,
          splitTitle(
            readFileSync(
              path.join(process.cwd(), "server", "guides", "shipped", `${slug}.${locale}.md`),
              "utf8",
            ),
          ),
        ]),
      ) as Record<Locale, { title: string; body: string }>;
      const guide = { slug, ...manifest, contents };
      return { ...guide, hash: contentHash({ ...guide, order: undefined }) };
    })
    .sort((a, b) => a.order - b.order);
}
