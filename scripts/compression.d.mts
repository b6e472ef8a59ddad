// Types for compression.mjs, so its test can import it.
import type { IncomingMessage, ServerResponse } from "node:http";

export const smallBodyBytes: number;
export function acceptsGzip(header: string | undefined): boolean;
export function compressWhenWorthIt(req: IncomingMessage, res: ServerResponse): void;
