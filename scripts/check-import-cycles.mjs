// Fails when our modules import each other in a cycle (ARCHITECTURE.md, "Layers": modules
// import downwards only). Every import counts but a type-only one, which is gone from the
// compiled code: static, dynamic `import()`, `require()` and `export … from`. Modules are
// resolved by TypeScript with tsconfig.json's settings, as the compiler and the bundler see them.
// Run by `npm test` and `npm run lint`; alone: node scripts/check-import-cycles.mjs
//
// It stands in for ESLint's import/no-cycle (which let side-effect imports pass): that rule took
// nearly half of ESLint's time (TIMING=1: 47 %), parsing modules again and walking the graph per
// file; this takes seconds.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const sourceFile = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
// The folders ESLint ignores as well: generated or not ours.
const skipped = new Set([
  "node_modules",
  ".next",
  ".data",
  ".git",
  "test-results",
  "playwright-report",
  "migrations",
]);

const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
const host = ts.createCompilerHost(options);
const cache = ts.createModuleResolutionCache(root, (f) => f, options);

function sourceFiles(dir) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") && e.name !== ".") continue;
    if (skipped.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...sourceFiles(p));
    else if (sourceFile.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) files.push(p);
  }
  return files;
}

/** The specifiers a module imports for its run time (type-only imports left out). */
function runtimeImports(file) {
  const text = readFileSync(file, "utf8");
  const kind = /\.tsx$|\.jsx$/.test(file) ? ts.ScriptKind.TSX : undefined;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) found.push(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      found.push(node.moduleReference.expression);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments.length > 0
    ) {
      found.push(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.filter((s) => ts.isStringLiteralLike(s)).map((s) => s.text);
}

/** The module file a specifier names, or undefined for a package or what does not resolve. */
function resolve(specifier, from) {
  const { resolvedModule } = ts.resolveModuleName(specifier, from, options, host, cache);
  if (!resolvedModule || resolvedModule.isExternalLibraryImport) return undefined;
  const file = path.resolve(resolvedModule.resolvedFileName);
  if (file.split(path.sep).includes("node_modules")) return undefined;
  // A script's declaration file (x.d.mts) stands for the script beside it (x.mjs).
  return file.replace(/\.d\.([cm]?)ts$/, ".$1js");
}

const files = sourceFiles(root);
const known = new Set(files);
const edges = new Map(
  files.map((file) => [
    file,
    [
      ...new Set(
        runtimeImports(file)
          .map((s) => resolve(s, file))
          .filter((f) => f !== undefined && known.has(f)),
      ),
    ],
  ]),
);

// Tarjan's strongly connected components: every component of more than one module (or a
// module that imports itself) is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function connect(v) {
  // Iterative, so that a long import chain cannot overflow the call stack.
  const work = [[v, 0]];
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [node, i] = frame;
    const next = edges.get(node)[i];
    if (next !== undefined) {
      frame[1] += 1;
      if (!index.has(next)) {
        index.set(next, counter);
        low.set(next, counter++);
        stack.push(next);
        onStack.add(next);
        work.push([next, 0]);
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(node)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== node);
      if (component.length > 1 || edges.get(node).includes(node)) cycles.push(component);
    }
  }
}
for (const file of files) if (!index.has(file)) connect(file);

/** One import path around a component, from its first module back to it. */
function cycleThrough(component) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of edges.get(node)) {
      if (next === start) {
        const route = [start];
        for (let n = node; n !== start; n = previous.get(n)) route.splice(1, 0, n);
        return [...route, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s); modules must import downwards only:`);
  for (const component of cycles) {
    const route = cycleThrough(component).map((f) => path.relative(root, f));
    console.error(
      `  ${route.join(" → ")}${component.length > 1 ? ` (${component.length} modules in the cycle)` : ""}`,
    );
  }
  process.exit(1);
}
console.log(`No import cycles among ${files.length} modules.`);
