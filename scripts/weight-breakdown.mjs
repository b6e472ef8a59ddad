// What a page's own scripts are made of: gzip KB per npm package and per module of ours, for
// the scripts a first visit loads beyond the bare page's (bench-weight.ts's rootMainFiles).
// The bench says how heavy a page is; this says why. It reads a build made with source maps,
// which the app's own build does not make: build a scratch copy of the project with
// `productionBrowserSourceMaps: true` in next.config.ts, then
//   node scripts/weight-breakdown.mjs <that copy> "/(dashboard)/orders/page" "/pay/[token]/page"
// A chunk's gzip size is shared among its sources by their share of its uncompressed bytes.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { decodedMappings, TraceMap } from "@jridgewell/trace-mapping";

const [projectDir, ...routes] = process.argv.slice(2);
if (!projectDir || routes.length === 0) {
  console.error('usage: node scripts/weight-breakdown.mjs <built copy> "/(dashboard)/page" …');
  process.exit(2);
}
const nextDir = path.join(projectDir, ".next");
const bare = new Set(
  JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")).rootMainFiles,
);

/** npm packages whole ("npm:@tanstack/query-core"), our modules by path. */
function owner(source) {
  const file = source.replace(/^turbopack:\/\/\/\[project\]\//, "");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return pkg ? `npm:${pkg[1]}` : file;
}

/** A chunk's gzip bytes by owner of its code. */
function chunkOwners(file) {
  const code = readFileSync(path.join(nextDir, file), "utf8");
  const gzipBytes = gzipSync(code).length;
  const mapName = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  const mapFile = mapName && path.join(path.dirname(path.join(nextDir, file)), mapName);
  if (!mapFile || !existsSync(mapFile)) return new Map([["(no source map)", gzipBytes]]);
  const map = JSON.parse(readFileSync(mapFile, "utf8"));
  const lineStarts = [0];
  for (let i = code.indexOf("\n"); i !== -1; i = code.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  /** [offset in the chunk, owner of the code from there on] */
  const marks = [];
  for (const section of map.sections ?? [{ offset: { line: 0, column: 0 }, map }]) {
    const traced = new TraceMap(section.map);
    decodedMappings(traced).forEach((segments, i) => {
      const line = section.offset.line + i;
      for (const [column, source] of segments) {
        const at = lineStarts[line] + column + (i === 0 ? section.offset.column : 0);
        marks.push([at, source === undefined ? "(framework glue)" : owner(traced.sources[source])]);
      }
    });
  }
  marks.sort((a, b) => a[0] - b[0]);
  const bytes = new Map();
  marks.push([code.length, ""]);
  let [from, current] = [0, "(framework glue)"];
  for (const [at, next] of marks) {
    bytes.set(current, (bytes.get(current) ?? 0) + at - from);
    [from, current] = [at, next];
  }
  return new Map([...bytes].map(([who, n]) => [who, (n / code.length) * gzipBytes]));
}

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(6);
for (const route of routes) {
  const manifestFile = path.join(nextDir, "server", "app", `${route}_client-reference-manifest.js`);
  globalThis.self = globalThis;
  globalThis.__RSC_MANIFEST = {};
  // The manifest is a script that sets self.__RSC_MANIFEST[route]; run it to read it.
  new Function(readFileSync(manifestFile, "utf8"))();
  const files = new Set(
    Object.values(globalThis.__RSC_MANIFEST[route].entryJSFiles)
      .flat()
      .filter((f) => !bare.has(f)),
  );
  const total = new Map();
  for (const file of files)
    for (const [who, n] of chunkOwners(file)) total.set(who, (total.get(who) ?? 0) + n);
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${route}: ${kb(sum)} KB gzip beyond a bare page, in ${files.size} chunks`);
  for (const [who, n] of [...total].sort((a, b) => b[1] - a[1]))
    if (n >= 200) console.log(`${kb(n)}  ${who}`);
}
