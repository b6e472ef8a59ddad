import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { locales, type roles } from "@/db/schema/enums";
import type { GuideQuiz } from "@/db/schema/guides";
import { contentHash, splitTitle, type Locale } from "./guide.logic";
import { shippedManifestSchema } from "./guide.schema";

export const shippedGuidesFolder = path.join(process.cwd(), "db", "seed", "guides");

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
export function loadShippedGuides(folder = shippedGuidesFolder): ShippedGuide[] {
  const slugs = readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length));
  return slugs
    .map((slug) => {
      const manifest = shippedManifestSchema.parse(
        JSON.parse(readFileSync(path.join(folder, `${slug}.json`), "utf8")),
      );
      const contents = Object.fromEntries(
        locales.map((locale) => [
          locale,
          splitTitle(readFileSync(path.join(folder, `${slug}.${locale}.md`), "utf8")),
        ]),
      ) as Record<Locale, { title: string; body: string }>;
      const guide = { slug, ...manifest, contents };
      return { ...guide, hash: contentHash({ ...guide, order: undefined }) };
    })
    .sort((a, b) => a.order - b.order);
}
