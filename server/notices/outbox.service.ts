import { outbox } from "@/db/schema";
import type { Tx } from "@/db/types";
import type { OutboxMessage } from "./outbox.logic";

/**
 * The one writer of outbox messages, in the caller's transaction: the topic must be one of
 * `outboxTopics` and the payload its type. A message whose dedupe key was written before is
 * dropped (one message per cause): false then.
 */
export async function writeOutbox(tx: Tx, message: OutboxMessage): Promise<boolean> {
  const written = await tx
    .insert(outbox)
    .values(message)
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return written.length > 0;
}
