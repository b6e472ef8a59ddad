/**
 * One value per server process, however many copies of the calling module the process holds.
 *
 * The production build bundles the server's modules once per Next.js layer: the copy
 * instrumentation.ts boots (which opens the database and runs the background jobs), the route
 * handlers' copy (tRPC, notifications) and the pages' copy. Each copy has its own module-level
 * variables, but they all share the database handle (kept on globalThis) and the transactions
 * it opens. State about those shared objects — which transaction has commit hooks, which PGlite
 * instance a transaction belongs to, the chain runs per database — must therefore live once per
 * process, or one copy cannot see what another recorded: a route's transaction opened through
 * the booted copy's handle would silently skip its commit hooks.
 */
export function processWide<T>(name: string, make: () => T): T {
  const slots = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`hexiao.${name}`);
  if (!(key in slots)) slots[key] = make();
  return slots[key] as T;
}
