// Types for class-conflicts.mjs, so its test can import it.
export function classConflicts(extra?: [file: string, source: string][]): string[];
