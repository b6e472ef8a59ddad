/*
 * Joins class lists, a later Tailwind class overriding an earlier one of the same kind
 * (`px-2` then `px-4` leaves `px-4`), as tailwind-merge does. It runs in the browser on every
 * console page, where tailwind-merge's engine and clsx were 4.4 KB of gzip for the few groups
 * of classes this app writes; this is the same rule in a fraction of that. A class belongs to
 * a group (by its name, its value checked by the group's test); of the classes of one group
 * under the same variants (`md:hover:`), the last one stays, and it also removes earlier ones
 * of the groups it overrides (`p` overrides `px`). cn.test.ts checks it against
 * tailwind-merge's default config on every pair of classes written in app/, so a class of a
 * group left out here fails that test rather than merging differently.
 */

type Test = string | ((value: string) => boolean);

const words = (list: string) => list.split(" ");

const arbitrary = (v: string) => /^\[.+\]$/.test(v);
const number = (v: string) => /^\d+(\.\d+)?$/.test(v) || arbitrary(v);
/** A spacing step (`4`, `0.5`, `px`) or a fraction (`1/2`). */
const spacing = (v: string) => number(v) || v === "px" || /^\d+\/\d+$/.test(v);
const tshirt = (v: string) => /^(\d+(\.\d+)?)?(xs|sm|md|lg|xl)$/.test(v);
/** Any other value: for a prefix's last group (colours), once its other groups are listed. */
const anyValue = () => true;
const sizes: Test[] = [spacing, ...words("auto full screen fit min max dvh svh lvh px")];
const sides = ["x", "y", "t", "r", "b", "l", "s", "e"];
const overflowValues = ["auto", "hidden", "clip", "visible", "scroll"];
const radii: Test[] = ["", "none", "full", tshirt];
const corners = ["s", "e", "t", "r", "b", "l", "ss", "se", "ee", "es", "tl", "tr", "br", "bl"];

/**
 * The groups, each `[group, prefix, values]`: its classes are `prefix-value` (the prefix alone
 * for the value "", the value alone for the prefix ""). A value is a word or a test of the
 * rest of the class; the first group whose test accepts a class has it, a word before a test
 * and a longer prefix before a shorter one (`border-t-2` is a top border's width).
 */
const groups: [group: string, prefix: string, values: Test[]][] = [
  [
    "display",
    "",
    words(
      "block inline-block inline flex inline-flex table inline-table table-caption table-cell table-column table-column-group table-footer-group table-header-group table-row-group table-row flow-root grid inline-grid contents list-item hidden",
    ),
  ],
  ["position", "", words("static fixed absolute relative sticky")],
  ...["inset", "inset-x", "inset-y", "top", "right", "bottom", "left"].map(
    (g) => [g, g, sizes] as [string, string, Test[]],
  ),
  ["z", "z", [number, "auto"]],
  ["flex-direction", "flex", words("row row-reverse col col-reverse")],
  ["flex-wrap", "flex", words("wrap wrap-reverse nowrap")],
  ["flex", "flex", [number, "auto", "initial", "none"]],
  ["grow", "grow", ["", number]],
  ["shrink", "shrink", ["", number]],
  ["basis", "basis", sizes],
  ["grid-cols", "grid-cols", [number, "none", "subgrid"]],
  ["col-start-end", "col", ["auto"]],
  ["col-start-end", "col-span", ["full", number]],
  ["col-start", "col-start", [number, "auto"]],
  ["row-start", "row-start", [number, "auto"]],
  ...["gap", "gap-x", "gap-y", "space-y", "space-x", "border-spacing", "scroll-mt"].map(
    (g) => [g, g, [spacing]] as [string, string, Test[]],
  ),
  ["justify-content", "justify", words("start end center between around evenly stretch normal")],
  ["align-items", "items", words("start end center baseline stretch")],
  ["align-self", "self", words("auto start end center stretch baseline")],
  ...["", ...sides].flatMap((side) => [
    [`p${side}`, `p${side}`, [spacing]] as [string, string, Test[]],
    [`m${side}`, `m${side}`, [spacing, "auto"]] as [string, string, Test[]],
  ]),
  ["size", "size", sizes],
  ["w", "w", [...sizes, tshirt]],
  ["h", "h", sizes],
  ["min-w", "min-w", [...sizes, tshirt]],
  ["min-h", "min-h", sizes],
  ["max-w", "max-w", [...sizes, tshirt, "none", "prose"]],
  ["max-h", "max-h", [...sizes, "none"]],
  ["font-size", "text", ["base", tshirt, (v) => /^\[\d/.test(v)]],
  [
    "font-weight",
    "font",
    words("thin extralight light normal medium semibold bold extrabold black"),
  ],
  ["font-family", "font", ["sans", "serif", "mono", anyValue]],
  ["tracking", "tracking", [...words("tighter tight normal wide wider widest"), arbitrary]],
  ["leading", "leading", [...words("none tight snug normal relaxed loose"), number]],
  ["list-style-type", "list", words("disc decimal none")],
  ["text-alignment", "text", words("left center right justify start end")],
  ["text-decoration", "", words("underline overline line-through no-underline")],
  ["underline-offset", "underline-offset", [number, "auto"]],
  ["text-wrap", "text", words("wrap nowrap balance pretty")],
  ["whitespace", "whitespace", words("normal nowrap pre pre-line pre-wrap break-spaces")],
  ["break", "break", words("normal words all keep")],
  ["wrap", "wrap", words("break-word anywhere normal")],
  ["vertical-align", "align", words("baseline top middle bottom text-top sub")],
  ["line-clamp", "line-clamp", [number, "none"]],
  ["overflow", "overflow", overflowValues],
  ["overflow-x", "overflow-x", overflowValues],
  ["overflow-y", "overflow-y", overflowValues],
  ["visibility", "", words("visible invisible collapse")],
  ["text-color", "text", [anyValue]],
  ["rounded", "rounded", radii],
  ...corners.map((c) => [`rounded-${c}`, `rounded-${c}`, radii] as [string, string, Test[]]),
  ["border-w", "border", ["", number]],
  ...sides.map((s) => [`border-w-${s}`, `border-${s}`, ["", number]] as [string, string, Test[]]),
  ["border-style", "border", words("solid dashed dotted double hidden none")],
  ["border-collapse", "border", words("collapse separate")],
  ["border-color", "border", [anyValue]],
  ["divide-y", "divide-y", ["", number]],
  ["divide-x", "divide-x", ["", number]],
  ["bg-color", "bg", [anyValue]],
  ["shadow", "shadow", ["", "none", tshirt]],
  ["ring-w", "ring", ["", number]],
  ["ring-color", "ring", [anyValue]],
  ["opacity", "opacity", [number]],
  ["fill", "fill", [anyValue]],
  ["accent", "accent", [anyValue]],
  ["animate", "animate", words("none spin ping pulse bounce")],
  [
    "transition",
    "transition",
    ["", ...words("all colors opacity shadow transform none"), arbitrary],
  ],
  // Classes alone in their group here: a second copy of one is dropped, as by the default.
  ["sr", "", ["sr-only", "not-sr-only"]],
  ["truncate", "", ["truncate"]],
  ["@container", "", ["@container"]],
  ["order", "order", ["first", "last", "none", number]],
  ["outline-style", "outline", words("none solid dashed dotted double hidden")],
  ["outline-w", "outline", ["", number]],
  ["outline-color", "outline", [anyValue]],
  ["outline-offset", "outline-offset", [number]],
  ["fvn-spacing", "", ["tabular-nums", "proportional-nums"]],
  ["transform", "", words("transform transform-none transform-gpu transform-cpu")],
  ["backdrop-blur", "backdrop-blur", ["", "none", tshirt]],
  ["translate-x", "translate-x", [spacing, "full"]],
  ["translate-y", "translate-y", [spacing, "full"]],
  ["pointer-events", "pointer-events", ["none", "auto"]],
  ["select", "select", words("none text all auto")],
  ["resize", "resize", ["", "none", "x", "y"]],
  ["overscroll-x", "overscroll-x", words("auto contain none")],
  ["filter", "", ["filter", "filter-none"]],
  ["text-transform", "", words("uppercase lowercase capitalize normal-case")],
  ["table-layout", "table", ["auto", "fixed"]],
  ["aspect", "aspect", ["auto", "square", "video", arbitrary]],
  ["object-fit", "object", words("contain cover fill none scale-down")],
  ["align-content", "content", words("normal center start end between around")],
  ["break-inside", "break-inside", words("auto avoid avoid-page avoid-column")],
  ["cursor", "cursor", words("auto default pointer wait text move not-allowed")],
];

/** `p` overrides `px`, `pt`…; `px` overrides `pr`, `pl`…; `py` overrides `pt`, `pb`. */
const sidesOf = (group: string, join = "") => ({
  [group]: sides.map((side) => group + join + side),
  [group + join + "x"]: words("r l s e").map((side) => group + join + side),
  [group + join + "y"]: ["t", "b"].map((side) => group + join + side),
});

/** What a class of each group also overrides before it (`p-4` overrides `px-2` and `pt-1`). */
const overrides: Record<string, string[]> = {
  inset: words("inset-x inset-y top right bottom left"),
  "inset-x": ["right", "left"],
  "inset-y": ["top", "bottom"],
  flex: ["basis", "grow", "shrink"],
  gap: ["gap-x", "gap-y"],
  ...sidesOf("p"),
  ...sidesOf("m"),
  size: ["w", "h"],
  "font-size": ["leading"],
  "line-clamp": ["display", "overflow"],
  overflow: ["overflow-x", "overflow-y"],
  rounded: corners.map((c) => `rounded-${c}`),
  ...Object.fromEntries(
    words("s:ss,es e:se,ee t:tl,tr r:tr,br b:br,bl l:tl,bl").map((pair) => {
      const [side = "", of = ""] = pair.split(":");
      return [`rounded-${side}`, of.split(",").map((c) => `rounded-${c}`)];
    }),
  ),
  ...sidesOf("border-w", "-"),
};

/** Classes named by a word: their group. */
const named = new Map<string, string>();
/** Prefixes whose rest a test checks: their tests, in the order of `groups`. */
const tested = new Map<string, [test: (value: string) => boolean, group: string][]>();
for (const [group, prefix, values] of groups) {
  for (const value of values) {
    if (typeof value === "string")
      named.set(prefix && value ? `${prefix}-${value}` : prefix || value, group);
    else tested.set(prefix, [...(tested.get(prefix) ?? []), [value, group]]);
  }
}

/** The group of a class without its variants, or undefined for a word that is not Tailwind's. */
function groupOf(name: string): string | undefined {
  // `[mask-type:alpha]`: an arbitrary property, its own group.
  if (/^\[[^:]*:/.test(name) && name.endsWith("]")) {
    const property = name.slice(1, name.indexOf(":"));
    return property ? `arbitrary..${property}` : undefined;
  }
  // `-mt-2` is of `mt`'s group.
  const parts = name.split("-");
  if (parts[0] === "" && parts.length > 1) parts.shift();
  const found = named.get(parts.join("-"));
  if (found) return found;
  for (let i = parts.length - 1; i > 0; i--) {
    const rest = parts.slice(i).join("-");
    for (const [test, group] of tested.get(parts.slice(0, i).join("-")) ?? [])
      if (test(rest)) return group;
  }
  return undefined;
}

/** Variants whose order changes what a class means (`before:`), besides arbitrary ones. */
const orderedVariants = new Set(
  words("* ** after backdrop before details-content file first-letter first-line marker"),
)
  .add("placeholder")
  .add("selection");

/** A class's variants as a key: `hover:md:` and `md:hover:` are the same ones. */
function variantsKey(variants: string[]) {
  const key: string[] = [];
  let run: string[] = [];
  for (const variant of variants) {
    if (variant.startsWith("[") || orderedVariants.has(variant)) {
      key.push(...run.sort(), variant);
      run = [];
    } else run.push(variant);
  }
  return [...key, ...run.sort()].join(":");
}

/** Merges one class list: the last class of a group stays (see the top of this file). */
function merge(list: string) {
  const taken = new Set<string>();
  const kept: string[] = [];
  const classes = list.trim().split(/\s+/);
  for (let i = classes.length - 1; i >= 0; i--) {
    const className = classes[i] ?? "";
    // Split at the top level's `:` (not inside `[…]` or `(…)`), noting its last `/`.
    const variants: string[] = [];
    let depth = 0;
    let start = 0;
    let slash = -1;
    for (let j = 0; j < className.length; j++) {
      const c = className[j];
      if (depth === 0 && c === ":") {
        variants.push(className.slice(start, j));
        start = j + 1;
      } else if (depth === 0 && c === "/") slash = j;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")") depth--;
    }
    let base = className.slice(start);
    const important = base.endsWith("!") || base.startsWith("!");
    if (base.endsWith("!")) base = base.slice(0, -1);
    else if (base.startsWith("!")) base = base.slice(1);
    // `text-sm/6`: a size with a line height (the `/` of an opacity, `bg-primary/90`, is
    // part of the colour's value and looked up with it when the part before is no class).
    const cut = slash > start ? slash - start - (className[start] === "!" ? 1 : 0) : -1;
    let withHeight = cut > 0;
    let group = withHeight ? groupOf(base.slice(0, cut)) : groupOf(base);
    if (!group && withHeight) {
      group = groupOf(base);
      withHeight = false;
    }
    if (!group) {
      kept.push(className);
      continue;
    }
    const key = `${variantsKey(variants)}${important ? "!" : ""}:`;
    if (taken.has(key + group)) continue;
    taken.add(key + group);
    for (const other of overrides[group] ?? []) taken.add(key + other);
    if (withHeight && group === "font-size") taken.add(`${key}leading`);
    kept.push(className);
  }
  return kept.reverse().join(" ");
}

export type ClassValue =
  string | false | null | undefined | 0 | ClassValue[] | Record<string, unknown>;

/** The classes given, in order: strings, arrays of them, and `{ name: condition }`. */
function join(inputs: ClassValue[]): string {
  const out: string[] = [];
  for (const input of inputs) {
    if (!input) continue;
    if (typeof input === "string") out.push(input);
    else if (Array.isArray(input)) out.push(join(input));
    else for (const [name, on] of Object.entries(input)) if (on) out.push(name);
  }
  return out.filter(Boolean).join(" ");
}

/** Joins class names and lets later Tailwind classes override earlier ones. */
export function cn(...inputs: ClassValue[]) {
  return merge(join(inputs));
}
