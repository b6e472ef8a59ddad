// Where the app would rely on merging Tailwind classes: the cn() calls whose classes conflict
// (a later class overriding an earlier one of the same kind, `h-10` then `h-12`), and the uses
// of a primitive (<Input className>, <CardHeader className>…) whose classes conflict with its
// own. cn() is a plain join (app/_lib/cn.ts): with both classes in the list, the stylesheet's
// order, not the list's, would decide. class-conflicts.test.ts requires this to list nothing;
// give the primitive the variant or size its caller wants instead.
//   node scripts/class-conflicts.mjs
// Read from the source with TypeScript: a class list's possible values follow string literals,
// conditionals (`a ? "x" : "y"`: each branch), `cond && "x"`, templates, constants and cn()
// calls; any other expression counts as no class. tailwind-merge (a dev dependency) decides a
// conflict. A primitive's own classes are those for the props its caller gives (`variant`,
// `size`: ui/button-class.ts's lists for a Button).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { twMerge } from "tailwind-merge";
import ts from "typescript";

const app = path.resolve(import.meta.dirname, "../app");
/**
 * The places that rely on cn's merging, as `file:line  what overrides what`; `extra` adds files
 * (`[name, source]`, as if in app/) to those read.
 */
export function classConflicts(extra = []) {
  const files = readdirSync(app, { recursive: true })
    .map(String)
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => [file, readFileSync(path.join(app, file), "utf8")]);
  const sources = [...files, ...extra].map(([file, text]) =>
    ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    ),
  );

  /**
   * Top-level constants by name (class lists and tables of them): a file's own, else one of
   * that name elsewhere in app/ (an imported one).
   */
  const anywhere = new Map();
  const inFile = new Map();
  for (const source of sources) {
    const own = new Map();
    for (const statement of source.statements)
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.initializer) own.set(d.name.text, d.initializer);
    inFile.set(source, own);
    for (const [name, initializer] of own) anywhere.set(name, initializer);
  }
  const constant = (node) =>
    inFile.get(node.getSourceFile())?.get(node.text) ?? anywhere.get(node.text);
  const constants = { get: (name) => anywhere.get(name) };

  /** Every way of joining one choice of each list (at most 64). */
  function joined(lists, separator) {
    let out = [""];
    for (const list of lists) {
      const next = new Set();
      for (const a of out)
        for (const b of new Set(list)) next.add(a && b ? a + separator + b : a + b);
      out = [...next].slice(0, 64);
    }
    return out;
  }

  const property = (object, name) =>
    object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === name);

  /**
   * A primitive's props as its caller gives them (`variant` → ["tinted"]), while its own
   * classes are read: `badgeVariants[variant]` is then those entries only (any entry for a prop
   * given otherwise than as strings).
   */
  let props = new Map();

  /** The class lists an expression may be. */
  function values(node, depth = 0) {
    if (!node || depth > 8) return [""];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node))
      return values(node.expression, depth);
    if (ts.isConditionalExpression(node))
      return [...values(node.whenTrue, depth), ...values(node.whenFalse, depth)];
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return ["", ...values(node.right, depth)];
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
        return [...values(node.left, depth), ...values(node.right, depth)];
      if (op === ts.SyntaxKind.PlusToken)
        return joined([values(node.left, depth), values(node.right, depth)], "");
    }
    if (ts.isTemplateExpression(node))
      return joined(
        [
          [node.head.text],
          ...node.templateSpans.flatMap((s) => [values(s.expression, depth), [s.literal.text]]),
        ],
        "",
      );
    if (ts.isArrayLiteralExpression(node))
      return joined(
        node.elements.map((e) => values(e, depth)),
        " ",
      );
    // A class list built by cn() (given to a primitive): its lists joined.
    if (isCn(node))
      return joined(
        node.arguments.map((a) => values(a, depth)),
        " ",
      );
    if (ts.isIdentifier(node) && constant(node)) return values(constant(node), depth + 1);
    const table = ts.isIdentifier(node.expression ?? {}) && constant(node.expression);
    if (table && ts.isObjectLiteralExpression(table)) {
      // `variants[variant]`: any of the table's, or the one the caller chose; `variants.outline`: that one.
      const chosen = props.get(node.argumentExpression?.getText());
      const entries = chosen?.map((name) => property(table, name));
      if (ts.isElementAccessExpression(node) && entries?.every(Boolean))
        return entries.flatMap((entry) => values(entry.initializer, depth + 1));
      if (ts.isElementAccessExpression(node))
        return table.properties.flatMap((p) =>
          ts.isPropertyAssignment(p) ? values(p.initializer, depth + 1) : [""],
        );
      if (ts.isPropertyAccessExpression(node)) {
        const found = property(table, node.name.text);
        if (found) return values(found.initializer, depth + 1);
      }
    }
    return [""];
  }

  /** The classes of `list` that a later one overrides. */
  function overridden(list) {
    const kept = new Set(twMerge(list).split(/\s+/));
    return [...new Set(list.split(/\s+/).filter(Boolean))].filter((c) => !kept.has(c));
  }

  const isCn = (node) => ts.isCallExpression(node) && node.expression.getText() === "cn";
  const isClassName = (arg) => arg.getText() === "className";

  /**
   * Components whose cn() call takes their caller's `className`: their own classes, given the
   * props a JSX element gives it (the defaults of its destructured props where it gives none).
   */
  const primitives = new Map();
  for (const source of sources) {
    const visit = (node, component) => {
      if (ts.isFunctionDeclaration(node) && node.name) component = node;
      if (component && isCn(node) && node.arguments.some(isClassName)) {
        const defaults = new Map();
        const pattern = component.parameters[0]?.name;
        if (pattern && ts.isObjectBindingPattern(pattern))
          for (const element of pattern.elements)
            if (ts.isIdentifier(element.name) && element.initializer)
              defaults.set(element.name.text, values(element.initializer));
        const args = node.arguments.filter((a) => !isClassName(a));
        primitives.set(component.name.text, (element) => {
          props = new Map(defaults);
          for (const attribute of element.attributes.properties) {
            if (!ts.isJsxAttribute(attribute)) continue;
            const given = attribute.initializer;
            props.set(
              attribute.name.getText(),
              given && ts.isJsxExpression(given) ? values(given.expression) : given && [given.text],
            );
          }
          const own = joined(
            args.map((a) => values(a)),
            " ",
          );
          props = new Map();
          return own;
        });
      }
      ts.forEachChild(node, (child) => visit(child, component));
    };
    visit(source);
  }

  /** A <Button>'s own classes: the base, its variant's and its size's (each of them if not literal). */
  function buttonClasses(element) {
    const chosen = (prop) => {
      const attribute = element.attributes.properties.find(
        (p) => ts.isJsxAttribute(p) && p.name.getText() === prop,
      );
      if (!attribute) return "default";
      return attribute.initializer && ts.isStringLiteral(attribute.initializer)
        ? attribute.initializer.text
        : null;
    };
    const pick = (table, name) => {
      const object = constants.get(table);
      const found = name === null ? null : property(object, name);
      return found
        ? values(found.initializer)
        : object.properties.flatMap((p) => values(p.initializer));
    };
    return joined(
      [
        values(constants.get("buttonBase")),
        pick("buttonVariantClasses", chosen("variant")),
        pick("buttonSizeClasses", chosen("size")),
      ],
      " ",
    );
  }

  const found = [];
  // The button's own lists, whatever the call site adds.
  for (const size of constants.get("buttonSizeClasses").properties) {
    const lists = joined(
      [
        values(constants.get("buttonBase")),
        constants.get("buttonVariantClasses").properties.flatMap((p) => values(p.initializer)),
        values(size.initializer),
      ],
      " ",
    );
    const lost = new Set(lists.flatMap(overridden));
    if (lost.size > 0)
      found.push(
        `app/_components/ui/button-class.ts  size ${size.name.getText()} overrides ${[...lost].join(" ")}`,
      );
  }
  for (const source of sources) {
    const at = (node) =>
      `app/${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node) => {
      if (isCn(node)) {
        const lists = node.arguments.filter((a) => !isClassName(a)).map((a) => values(a));
        for (const list of joined(lists, " ")) {
          const lost = overridden(list);
          if (lost.length > 0) {
            found.push(`${at(node)}  cn(…) overrides ${lost.join(" ")}`);
            break;
          }
        }
      }
      if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
        const own =
          node.tagName.getText() === "Button"
            ? buttonClasses(node)
            : primitives.get(node.tagName.getText())?.(node);
        const attribute = node.attributes.properties.find(
          (p) => ts.isJsxAttribute(p) && p.name.getText() === "className" && p.initializer,
        );
        if (own && attribute) {
          const given = ts.isJsxExpression(attribute.initializer)
            ? attribute.initializer.expression
            : attribute.initializer;
          const lost = new Set(
            own.flatMap((mine) =>
              values(given).flatMap((theirs) => overridden(`${mine} ${theirs}`)),
            ),
          );
          if (lost.size > 0)
            found.push(`${at(node)}  <${node.tagName.getText()}> overrides ${[...lost].join(" ")}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const found = classConflicts();
  console.log(found.join("\n"));
  console.log(`${found.length} places rely on cn's merging`);
  process.exitCode = found.length > 0 ? 1 : 0;
}
