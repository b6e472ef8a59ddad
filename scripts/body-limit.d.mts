// Types for body-limit.mjs, so its test can import it.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export const defaultBodyLimit: number;
export function bodyLimitFor(url: string): number | null;
export function refusalLocale(headers: IncomingHttpHeaders): "zh-CN" | "en";
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean;
