/**
 * The brute-force guard's rule, without the database. Wrong codes count per user and per
 * device over a sliding window: from `blockAt` wrong codes inside the window the redeem
 * screen is refused, and `alertAt` raises an alert for the manager.
 */
export const codeGuard = { windowMinutes: 10, alertAt: 5, blockAt: 10 } as const;

const windowMs = codeGuard.windowMinutes * 60_000;

/**
 * When a block on these wrong codes (times inside the window, any order) ends by itself:
 * once all but `blockAt − 1` of them have left the window. Null when they do not block.
 */
export function blockEndsAt(times: readonly Date[]): Date | null {
  const sorted = times.map((t) => t.getTime()).sort((x, y) => x - y);
  // Undefined while there are fewer than blockAt of them.
  const first = sorted[sorted.length - codeGuard.blockAt];
  return first === undefined ? null : new Date(first + windowMs);
}

/** Whole minutes left until `end` (at least 1, so nobody is told to wait 0 minutes). */
export function minutesUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 60_000));
}

export interface WrongCode {
  userId: string | null;
  userName: string | null;
  deviceId: string | null;
  createdAt: Date;
}

export type CodeBlock =
  | {
      by: "user";
      userId: string;
      userName: string | null;
      wrongCodes: number;
      lastAt: Date;
      endsAt: Date;
      /** The counter devices the wrong codes came from. */
      deviceIds: string[];
    }
  | {
      by: "device";
      deviceId: string;
      wrongCodes: number;
      lastAt: Date;
      endsAt: Date;
      /** Who typed the wrong codes on this device. */
      userNames: string[];
    };

function group<K>(rows: readonly WrongCode[], key: (r: WrongCode) => K | null) {
  const groups = new Map<K, WrongCode[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

const unique = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
const latest = (rows: WrongCode[]) => new Date(Math.max(...rows.map((r) => r.createdAt.getTime())));

/**
 * The blocks in force among one merchant's uncleared wrong codes of the window: one per
 * blocked user, and one per blocked device, except a device whose wrong codes are all one
 * blocked user's (lifting that user lifts it too, so it would only be listed twice).
 */
export function currentBlocks(rows: readonly WrongCode[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const blockedUsers = new Set<string>();
  for (const [userId, list] of group(rows, (r) => r.userId)) {
    const endsAt = blockEndsAt(list.map((r) => r.createdAt));
    if (!endsAt) continue;
    blockedUsers.add(userId);
    blocks.push({
      by: "user",
      userId,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a group has at least one row
      userName: list[0]!.userName,
      wrongCodes: list.length,
      lastAt: latest(list),
      endsAt,
      deviceIds: unique(list.map((r) => r.deviceId)),
    });
  }
  for (const [deviceId, list] of group(rows, (r) => r.deviceId)) {
    const endsAt = blockEndsAt(list.map((r) => r.createdAt));
    if (!endsAt) continue;
    const users = unique(list.map((r) => r.userId));
    if (users.length === 1 && users.every((u) => blockedUsers.has(u))) continue;
    blocks.push({
      by: "device",
      deviceId,
      wrongCodes: list.length,
      lastAt: latest(list),
      endsAt,
      userNames: unique(list.map((r) => r.userName)),
    });
  }
  return blocks.sort((x, y) => y.lastAt.getTime() - x.lastAt.getTime());
}
