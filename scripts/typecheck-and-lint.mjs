// `tsc --noEmit` and `eslint --max-warnings=0 .` in one process, sharing one TypeScript program:
// the type-aware lint rules (no-floating-promises, no-misused-promises) otherwise build and
// check the whole project again in ESLint's own project service, most of ESLint's time.
// Exits 1 when either finds a problem, after printing both.
//
//   node scripts/typecheck-and-lint.mjs
import path from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, "tsconfig.json"),
  { noEmit: true, incremental: false },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) },
);
if (!config) process.exit(1);
const program = ts.createProgram({
  rootNames: config.fileNames,
  options: config.options,
  projectReferences: config.projectReferences,
});

function report(diagnostics) {
  process.stdout.write(
    ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    }),
  );
}

const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
report(diagnostics);
const typeErrors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
console.log(`typecheck: ${typeErrors} error${typeErrors === 1 ? "" : "s"}`);

// The lint, with the program above in place of eslint.config.mjs's project service (for the
// same TypeScript files: the config's include).
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: false, programs: [program] } },
  },
});
const results = await eslint.lintFiles(["."]);
const formatter = await eslint.loadFormatter("stylish");
process.stdout.write(await formatter.format(results));
const lintErrors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
const warnings = results.reduce((n, r) => n + r.warningCount, 0);
console.log(`lint: ${lintErrors} errors, ${warnings} warnings (none allowed)`);

process.exit(typeErrors > 0 || lintErrors > 0 || warnings > 0 ? 1 : 0);
