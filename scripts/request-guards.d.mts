// Types for request-guards.mjs, so its test can import it.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export const defaultBodyLimit: number;
export function bodyLimitFor(url: string): number | null;
export function refusalLocale(headers: IncomingHttpHeaders): "zh-CN" | "en";
export function refuseRequest(req: IncomingMessage, res: ServerResponse): boolean;
