import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { env } from "./env";
import { securityHeaders } from "./scripts/security-headers.mjs";

const withNextIntl = createNextIntlPlugin({
  requestConfig: "./app/_i18n/request.ts",
  experimental: {
    // The translators get a precompiled catalogue (loadCompiledMessages, which reads these
    // folders at run time), so next-intl formats with icu-minify's formatter and its ICU
    // parser (12 KB gzip) leaves every page's script. The loader it also sets up for imported
    // catalogue files stays idle: none is imported.
    messages: { precompile: true, path: "./app/_i18n/messages", format: "json", locales: "infer" },
  },
});

const config: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder at run time,
  // so it (and the pg driver) must stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // The app server compresses every route itself, small answers excepted
  // (scripts/compression.mjs): Next's compression cannot see a route handler's answer's size.
  compress: false,
  // The test suite's build skips the type check its own `tsc` step makes (~1.5 min of CPU);
  // scripts/build-if-needed.mjs keeps such a build from being served by `npm start`.
  typescript: { ignoreBuildErrors: env.BUILD_SKIP_TYPECHECK ?? false },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(config);
