import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DomainError } from "@/server/errors";

/**
 * A statement file as the import takes it: its digest (which file it is: the same file is
 * imported once), known before its lines are read, and its bytes, read once. Reading a large
 * file a second time only to hash it left tens of megabytes of dead read buffers in the process
 * until V8's external-memory trigger collected them.
 */
export interface StatementSource {
  sha256: string;
  byteSize: number;
  /** The file's bytes from the start; called once. */
  open: () => AsyncIterable<Uint8Array>;
}

/** A statement already in memory (a provider's download). */
export function statementInMemory(bytes: Uint8Array): StatementSource {
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"),
    byteSize: bytes.byteLength,
    open: async function* () {
      yield bytes;
    },
  };
}

/**
 * Writes an upload's body to `file`, hashing it on the way (one pass over the bytes), and
 * refuses it past `maxBytes` or empty. The source reads the written file.
 */
export async function spoolStatement(
  body: ReadableStream<Uint8Array>,
  file: string,
  maxBytes: number,
): Promise<StatementSource> {
  const hash = createHash("sha256");
  let bytes = 0;
  const counted = async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        throw new DomainError("VALIDATION", "statementTooLarge", "The file is too large", {
          maxMb: Math.floor(maxBytes / (1024 * 1024)),
        });
      }
      hash.update(chunk);
      yield chunk;
    }
  };
  await pipeline(
    Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]),
    counted,
    createWriteStream(file),
  );
  if (bytes === 0)
    throw new DomainError("VALIDATION", "statementEmptyUpload", "The upload is empty");
  return { sha256: hash.digest("hex"), byteSize: bytes, open: () => createReadStream(file) };
}
