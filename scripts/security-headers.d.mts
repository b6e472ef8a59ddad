// Types for security-headers.mjs, for next.config.ts and the tests.
export const securityHeaders: { key: string; value: string }[];
