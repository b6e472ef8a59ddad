import { clsx, type ClassValue } from "clsx";
import { createTailwindMerge } from "tailwind-merge";

/*
 * tailwind-merge with only the class groups this app's classes fall in. Its default config
 * (every Tailwind utility) was 6.5 KB of gzip on every console page; this one is a tenth of
 * that. cn.test.ts checks it against the default on every pair of classes written in app/,
 * so a class from a group left out here fails that test rather than merging differently.
 */
const arbitrary = (v: string) => /^\[.+\]$/.test(v);
const number = (v: string) => /^\d+(\.\d+)?$/.test(v) || arbitrary(v);
/** A spacing step (`4`, `0.5`, `px`) or a fraction (`1/2`). */
const spacing = (v: string) => number(v) || v === "px" || /^\d+\/\d+$/.test(v);
const tshirt = (v: string) => /^(\d+(\.\d+)?)?(xs|sm|md|lg|xl)$/.test(v);
/** Any other value: for a prefix's last group (colours), once its other groups are listed. */
const anyValue = () => true;
const sizes = [spacing, "auto", "full", "screen", "fit", "min", "max", "dvh", "svh", "lvh", "px"];
const sides = ["x", "y", "t", "r", "b", "l", "s", "e"] as const;
const overflowValues = ["auto", "hidden", "clip", "visible", "scroll"];
const radii = ["", "none", "full", tshirt];
const corners = ["s", "e", "t", "r", "b", "l", "ss", "se", "ee", "es", "tl", "tr", "br", "bl"];
/** `p`, `px`, `py`, `pt`… with their values. */
const sideGroups = (prefix: string, values: unknown[]) =>
  Object.fromEntries(
    ["", ...sides].map((side) => [`${prefix}${side}`, [{ [`${prefix}${side}`]: values }]]),
  );
/** What `p` overrides of `px`, `pt`…, as tailwind-merge's default config has it. */
const sideConflicts = (prefix: string) => ({
  [prefix]: sides.map((side) => `${prefix}${side}`),
  [`${prefix}x`]: ["r", "l", "s", "e"].map((side) => `${prefix}${side}`),
  [`${prefix}y`]: ["t", "b"].map((side) => `${prefix}${side}`),
});

const merge = createTailwindMerge(() => ({
  cacheSize: 500,
  theme: {},
  classGroups: {
    display: [
      "block",
      "inline-block",
      "inline",
      "flex",
      "inline-flex",
      "table",
      "inline-table",
      "table-caption",
      "table-cell",
      "table-column",
      "table-column-group",
      "table-footer-group",
      "table-header-group",
      "table-row-group",
      "table-row",
      "flow-root",
      "grid",
      "inline-grid",
      "contents",
      "list-item",
      "hidden",
    ],
    position: ["static", "fixed", "absolute", "relative", "sticky"],
    inset: [{ inset: sizes }],
    "inset-x": [{ "inset-x": sizes }],
    "inset-y": [{ "inset-y": sizes }],
    top: [{ top: sizes }],
    right: [{ right: sizes }],
    bottom: [{ bottom: sizes }],
    left: [{ left: sizes }],
    z: [{ z: [number, "auto"] }],
    "flex-direction": [{ flex: ["row", "row-reverse", "col", "col-reverse"] }],
    "flex-wrap": [{ flex: ["wrap", "wrap-reverse", "nowrap"] }],
    flex: [{ flex: [number, "auto", "initial", "none"] }],
    grow: [{ grow: ["", number] }],
    shrink: [{ shrink: ["", number] }],
    basis: [{ basis: sizes }],
    "grid-cols": [{ "grid-cols": [number, "none", "subgrid"] }],
    "col-start-end": [{ col: ["auto", { span: ["full", number] }] }],
    "col-start": [{ "col-start": [number, "auto"] }],
    "row-start": [{ "row-start": [number, "auto"] }],
    gap: [{ gap: [spacing] }],
    "gap-x": [{ "gap-x": [spacing] }],
    "gap-y": [{ "gap-y": [spacing] }],
    "justify-content": [
      { justify: ["start", "end", "center", "between", "around", "evenly", "stretch", "normal"] },
    ],
    "align-items": [{ items: ["start", "end", "center", "baseline", "stretch"] }],
    "align-self": [{ self: ["auto", "start", "end", "center", "stretch", "baseline"] }],
    ...sideGroups("p", [spacing]),
    ...sideGroups("m", [spacing, "auto"]),
    "space-y": [{ "space-y": [spacing] }],
    "space-x": [{ "space-x": [spacing] }],
    size: [{ size: sizes }],
    w: [{ w: [...sizes, tshirt] }],
    h: [{ h: sizes }],
    "min-w": [{ "min-w": [...sizes, tshirt] }],
    "min-h": [{ "min-h": sizes }],
    "max-w": [{ "max-w": [...sizes, tshirt, "none", "prose"] }],
    "max-h": [{ "max-h": [...sizes, "none"] }],
    "font-size": [{ text: ["base", tshirt, (v: string) => /^\[\d/.test(v)] }],
    "font-weight": [
      {
        font: [
          "thin",
          "extralight",
          "light",
          "normal",
          "medium",
          "semibold",
          "bold",
          "extrabold",
          "black",
        ],
      },
    ],
    "font-family": [{ font: ["sans", "serif", "mono", anyValue] }],
    tracking: [{ tracking: ["tighter", "tight", "normal", "wide", "wider", "widest", arbitrary] }],
    leading: [{ leading: ["none", "tight", "snug", "normal", "relaxed", "loose", number] }],
    "list-style-type": [{ list: ["disc", "decimal", "none"] }],
    "text-alignment": [{ text: ["left", "center", "right", "justify", "start", "end"] }],
    "text-decoration": ["underline", "overline", "line-through", "no-underline"],
    "underline-offset": [{ "underline-offset": [number, "auto"] }],
    "text-wrap": [{ text: ["wrap", "nowrap", "balance", "pretty"] }],
    whitespace: [
      { whitespace: ["normal", "nowrap", "pre", "pre-line", "pre-wrap", "break-spaces"] },
    ],
    break: [{ break: ["normal", "words", "all", "keep"] }],
    wrap: [{ wrap: ["break-word", "anywhere", "normal"] }],
    "vertical-align": [{ align: ["baseline", "top", "middle", "bottom", "text-top", "sub"] }],
    "line-clamp": [{ "line-clamp": [number, "none"] }],
    overflow: [{ overflow: overflowValues }],
    "overflow-x": [{ "overflow-x": overflowValues }],
    "overflow-y": [{ "overflow-y": overflowValues }],
    visibility: ["visible", "invisible", "collapse"],
    "text-color": [{ text: [anyValue] }],
    rounded: [{ rounded: radii }],
    ...Object.fromEntries(corners.map((c) => [`rounded-${c}`, [{ [`rounded-${c}`]: radii }]])),
    "border-w": [{ border: ["", number] }],
    ...Object.fromEntries(
      sides.map((side) => [`border-w-${side}`, [{ [`border-${side}`]: ["", number] }]]),
    ),
    "border-style": [{ border: ["solid", "dashed", "dotted", "double", "hidden", "none"] }],
    "border-collapse": [{ border: ["collapse", "separate"] }],
    "border-spacing": [{ "border-spacing": [spacing] }],
    "border-color": [{ border: [anyValue] }],
    "divide-y": [{ "divide-y": ["", number] }],
    "divide-x": [{ "divide-x": ["", number] }],
    "bg-color": [{ bg: [anyValue] }],
    shadow: [{ shadow: ["", "none", tshirt] }],
    "ring-w": [{ ring: ["", number] }],
    "ring-color": [{ ring: [anyValue] }],
    opacity: [{ opacity: [number] }],
    fill: [{ fill: [anyValue] }],
    accent: [{ accent: [anyValue] }],
    animate: [{ animate: ["none", "spin", "ping", "pulse", "bounce"] }],
    transition: [
      { transition: ["", "all", "colors", "opacity", "shadow", "transform", "none", arbitrary] },
    ],
    // Classes alone in their group here: a second copy of one is dropped, as by the default.
    sr: ["sr-only", "not-sr-only"],
    truncate: ["truncate"],
    container: ["@container"],
    order: [{ order: ["first", "last", "none", number] }],
    "outline-style": [{ outline: ["none", "solid", "dashed", "dotted", "double", "hidden"] }],
    "outline-w": [{ outline: ["", number] }],
    "outline-color": [{ outline: [anyValue] }],
    "outline-offset": [{ "outline-offset": [number] }],
    "fvn-spacing": ["tabular-nums", "proportional-nums"],
    transform: ["transform", "transform-none", "transform-gpu", "transform-cpu"],
    "backdrop-blur": [{ "backdrop-blur": ["", "none", tshirt] }],
    "translate-x": [{ "translate-x": [spacing, "full"] }],
    "translate-y": [{ "translate-y": [spacing, "full"] }],
    "pointer-events": [{ "pointer-events": ["none", "auto"] }],
    select: [{ select: ["none", "text", "all", "auto"] }],
    resize: [{ resize: ["", "none", "x", "y"] }],
    "overscroll-x": [{ "overscroll-x": ["auto", "contain", "none"] }],
    filter: ["filter", "filter-none"],
    "text-transform": ["uppercase", "lowercase", "capitalize", "normal-case"],
    "table-layout": [{ table: ["auto", "fixed"] }],
    aspect: [{ aspect: ["auto", "square", "video", arbitrary] }],
    "object-fit": [{ object: ["contain", "cover", "fill", "none", "scale-down"] }],
    "align-content": [{ content: ["normal", "center", "start", "end", "between", "around"] }],
    "scroll-mt": [{ "scroll-mt": [spacing] }],
    "break-inside": [{ "break-inside": ["auto", "avoid", "avoid-page", "avoid-column"] }],
    cursor: [{ cursor: ["auto", "default", "pointer", "wait", "text", "move", "not-allowed"] }],
  },
  conflictingClassGroups: {
    inset: ["inset-x", "inset-y", "top", "right", "bottom", "left"],
    "inset-x": ["right", "left"],
    "inset-y": ["top", "bottom"],
    flex: ["basis", "grow", "shrink"],
    gap: ["gap-x", "gap-y"],
    ...sideConflicts("p"),
    ...sideConflicts("m"),
    size: ["w", "h"],
    "font-size": ["leading"],
    "line-clamp": ["display", "overflow"],
    overflow: ["overflow-x", "overflow-y"],
    rounded: corners.map((c) => `rounded-${c}`),
    "rounded-s": ["rounded-ss", "rounded-es"],
    "rounded-e": ["rounded-se", "rounded-ee"],
    "rounded-t": ["rounded-tl", "rounded-tr"],
    "rounded-r": ["rounded-tr", "rounded-br"],
    "rounded-b": ["rounded-br", "rounded-bl"],
    "rounded-l": ["rounded-tl", "rounded-bl"],
    "border-w": sides.map((side) => `border-w-${side}`),
    "border-w-x": ["border-w-r", "border-w-l", "border-w-s", "border-w-e"],
    "border-w-y": ["border-w-t", "border-w-b"],
  },
  conflictingClassGroupModifiers: { "font-size": ["leading"] },
  orderSensitiveModifiers: [
    "*",
    "**",
    "after",
    "backdrop",
    "before",
    "details-content",
    "file",
    "first-letter",
    "first-line",
    "marker",
    "placeholder",
    "selection",
  ],
}));

/** Joins class names and lets later Tailwind classes override earlier ones. */
export function cn(...inputs: ClassValue[]) {
  return merge(clsx(inputs));
}
