import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createJobTimers } from "./job-timers";

/** A job whose ticks the test ends by hand, counting how many started. */
function heldJob() {
  const ends: (() => void)[] = [];
  const job = vi.fn(() => new Promise<void>((resolve) => ends.push(resolve)));
  return { job, endTick: () => ends.shift()?.() };
}

describe("the background jobs' timers", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("skips a tick while the previous one still runs", async () => {
    const timers = createJobTimers();
    const { job, endTick } = heldJob();
    timers.every(1000, "held", job);
    await vi.advanceTimersByTimeAsync(3000);
    expect(job).toHaveBeenCalledTimes(1);
    endTick();
    await vi.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(2);
    endTick();
    await timers.stop();
  });

  it("on stop, starts no tick and resolves only once the running one has ended", async () => {
    const timers = createJobTimers();
    const { job, endTick } = heldJob();
    timers.every(1000, "held", job);
    await vi.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = timers.stop().then(() => (stopped = true));
    expect(timers.stopping).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(stopped).toBe(false);
    endTick();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it("logs a failed tick with the job's name and runs the next one", async () => {
    const logged: string[] = [];
    const timers = createJobTimers((message) => logged.push(message));
    const job = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValue(undefined);
    timers.every(1000, "outbox delivery", job);
    await vi.advanceTimersByTimeAsync(2000);
    expect(logged).toEqual(["outbox delivery failed:"]);
    expect(job).toHaveBeenCalledTimes(2);
    await timers.stop();
  });

  it("pauses: waits for the running tick, starts none while the work runs, then resumes", async () => {
    const timers = createJobTimers();
    const { job, endTick } = heldJob();
    timers.every(1000, "held", job);
    await vi.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(1);

    const seen: string[] = [];
    let endWork = () => {};
    const paused = timers.pauseWhile(async () => {
      seen.push("work started");
      await new Promise<void>((resolve) => (endWork = resolve));
      return 42;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([]); // the running tick comes first
    endTick();
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual(["work started"]);
    expect(job).toHaveBeenCalledTimes(1); // no tick beside the work
    endWork();
    await expect(paused).resolves.toBe(42);
    await vi.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(2);
    endTick();
    await timers.stop();
  });
});
