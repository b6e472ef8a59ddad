import { z } from "zod";
import { statementLineStates } from "@/db/schema/enum-values";
import { genericCsvMapping } from "./parsers/generic-csv.schema";
import { localDateSchema } from "@/server/time/local-date.schema";

const cursor = z.string().max(500).optional();

/** The statements list: newest first, keyset on (created_at, id), optionally one method's. */
export const listStatementsInput = z.object({
  methodId: z.uuid().optional(),
  cursor,
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListStatementsInput = z.input<typeof listStatementsInput>;

export const statementIdInput = z.object({ statementId: z.uuid() });

/** A statement's lines in file order (keyset on line_no), optionally in one state. */
export const listStatementLinesInput = statementIdInput.extend({
  state: z.enum(statementLineStates).optional(),
  cursor,
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListStatementLinesInput = z.input<typeof listStatementLinesInput>;

export const methodIdInput = z.object({ methodId: z.uuid() });

/** One day's statement fetched from the method's provider and imported. */
export const downloadInput = methodIdInput.extend({ day: localDateSchema });
export type DownloadInput = z.infer<typeof downloadInput>;

export const saveMappingInput = methodIdInput.extend({ mapping: genericCsvMapping });
export type SaveMappingInput = z.infer<typeof saveMappingInput>;

/** The first 64 KB of a file, base64 (what the mapping dialog reads headers from). */
export const previewHeadBytes = 64 * 1024;
export const previewInput = z.object({
  head: z.base64().max(Math.ceil(previewHeadBytes / 3) * 4, { message: "tooLong" }),
});
