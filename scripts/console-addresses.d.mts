// Types for console-addresses.mjs, so the server (server/runtime.ts) can import it.
export function consoleAddresses(reach: {
  appUrl: string | undefined;
  cookieSecure: string | undefined;
  hostname: string | undefined;
  port: number | string;
  interfaces: Record<string, { address: string; family: string; internal: boolean }[] | undefined>;
}): string[];
