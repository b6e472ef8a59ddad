/**
 * The background jobs' timers, and what a shutdown needs of them: no tick starts once it
 * began, and it can wait for the ticks running (they use the database it is about to close).
 */
export interface JobTimers {
  /**
   * Runs `job` every `ms`. A tick is skipped while the previous one still runs (a backlog
   * after downtime); an error is logged with the job's name and the next tick runs as usual.
   */
  every(ms: number, name: string, job: () => Promise<unknown>): void;
  /** True once `stop` was called: a tick in progress stops between its batches. */
  readonly stopping: boolean;
  /** Starts no tick any more; resolves once none is running. */
  stop(): Promise<void>;
  /**
   * Runs `work` with no tick running beside it: starts none meanwhile and waits for the running
   * ones first (a restore rebuilds the schema the jobs read).
   */
  pauseWhile<T>(work: () => Promise<T>): Promise<T>;
  /** Whether any job was scheduled. */
  readonly started: boolean;
}

export function createJobTimers(
  logError: (message: string, err: unknown) => void = (message, err) => console.error(message, err),
): JobTimers {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopping = false;
  let pauses = 0;
  return {
    every(ms, name, job) {
      let current: Promise<void> | undefined;
      const timer = setInterval(() => {
        if (stopping || pauses > 0 || current) return;
        const tick = job()
          .then(
            () => undefined,
            (err: unknown) => logError(`${name} failed:`, err),
          )
          .finally(() => {
            running.delete(tick);
            current = undefined;
          });
        current = tick;
        running.add(tick);
      }, ms);
      // The timers alone must not keep a process alive (a script that loaded the runtime).
      timer.unref();
      timers.push(timer);
    },
    get stopping() {
      return stopping;
    },
    get started() {
      return timers.length > 0;
    },
    async stop() {
      stopping = true;
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.all(running);
    },
    async pauseWhile(work) {
      pauses++;
      try {
        await Promise.all(running);
        return await work();
      } finally {
        pauses--;
      }
    },
  };
}
