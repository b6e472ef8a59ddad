import type { OpenDatabase } from "@/db/open";

/**
 * The channel on which the database tells every process that something a kept session holds
 * has changed: a session ended, revoked or pushed on; a user's name, address, language, password
 * flag or second factor; a membership added, changed or removed; a merchant's name or its
 * two-factor roles (the triggers of migration 0046, which fire whoever writes: better-auth's
 * sign-out and password change, the account and team pages, housekeeping).
 */
export const sessionChangeChannel = "session_change";

/**
 * The longest a kept session is used without being read again, whatever was heard. Changes are
 * heard within the NOTIFY's delivery (milliseconds); this bounds what a change missed without
 * the listening connection being seen to drop would leave standing.
 */
export const sessionKeptMs = 10_000;

/** Sessions kept at once (signed-in devices, by merchant chosen); past it the oldest goes. */
const sessionsKept = 2000;

/**
 * Live sessions this process has read, by cookie token and merchant chosen, so that a device's
 * calls do not read its session, user and membership again on each one: the lookup was one of
 * a redemption's 2.4 statements (issue #20). Kept only while the process hears every change
 * (listening), dropped all at once at any change, and never kept when a change was heard while
 * it was being read (the stamp): a read that raced a revocation cannot outlive it.
 */
export class SessionCache<Session> {
  private readonly kept = new Map<string, { session: Session; readAt: number }>();
  private changes = 0;
  private listening = false;

  /** Taken before a session is read, and handed back with it to `keep`. */
  stamp(): number {
    return this.changes;
  }

  get(key: string, now: number): Session | undefined {
    const entry = this.kept.get(key);
    if (!entry) return undefined;
    if (now - entry.readAt < sessionKeptMs) return entry.session;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps `session`, read since `stamp`, unless a change was heard meanwhile or no one listens. */
  keep(key: string, session: Session, stamp: number, now: number): void {
    if (!this.listening || stamp !== this.changes) return;
    if (this.kept.size >= sessionsKept && !this.kept.has(key)) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.kept.set(key, { session, readAt: now });
  }

  /** Something a kept session holds changed (or may have, unheard): every one is read again. */
  changed(): void {
    this.changes++;
    this.kept.clear();
  }

  /** Whether changes are heard: while not, nothing is kept. */
  hearing(on: boolean): void {
    this.listening = on;
    this.changed();
  }
}

/** `cache` (a new one unless given) fed by one LISTEN on the database; `stop` ends it. */
export async function listenForSessionChanges<Session>(
  database: Pick<OpenDatabase, "listen">,
  cache = new SessionCache<Session>(),
): Promise<{ cache: SessionCache<Session>; stop: () => Promise<void> }> {
  const stop = await database.listen(sessionChangeChannel, () => cache.changed(), {
    lost: () => cache.hearing(false),
    back: () => cache.hearing(true),
  });
  cache.hearing(true);
  return { cache, stop };
}
