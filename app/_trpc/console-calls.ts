import {
  endpoint,
  inputQuery,
  localeHeaders,
  networkError,
  pageLocale,
  postCall,
  readAnswer,
  readResponse,
  type Answer,
} from "./call";
import { withStepUp } from "./step-up";
import { writeWire } from "./wire-writer";

/**
 * The console's calls to /api/trpc, as tRPC's batching link made them: a page's queries asked
 * together go as one GET, mutations each as a POST. Each call sends the page's language, so a
 * refusal's sentence is said by the server (the browser keeps only a few of them).
 */

interface Waiting {
  path: string;
  input: unknown;
  signal: AbortSignal | undefined;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

let waiting: Waiting[] = [];

/**
 * A query's answer. Queries asked before the next task (the components of a page mounting
 * together, as httpBatchLink waits too) share one request: `/a.b,c.d?batch=1&input={"0":…}`.
 * A query called off (the query cache's signal, when its last screen left) stops waiting at once;
 * the request itself stops only when all of its queries were called off.
 */
export function query<T>(path: string, input: unknown, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    if (waiting.length === 0) setTimeout(() => void sendWaiting());
    waiting.push({ path, input, signal, resolve: resolve as (value: unknown) => void, reject });
  });
}

async function sendWaiting() {
  const calls = waiting.filter((call) => !call.signal?.aborted);
  waiting = [];
  if (calls.length === 0) return;
  const inputs = Object.fromEntries(calls.map((call, i) => [i, writeWire(call.input)]));
  const paths = calls.map((call) => call.path).join(",");
  const url = `${endpoint(paths)}?batch=1&${inputQuery(inputs)}`;
  const stop = new AbortController();
  let left = calls.length;
  for (const { signal } of calls)
    signal?.addEventListener(
      "abort",
      () => {
        if (--left === 0) stop.abort();
      },
      { once: true },
    );
  try {
    const res = await fetch(url, { headers: localeHeaders(pageLocale()), signal: stop.signal });
    const body = (await res.json().catch(() => null)) as Answer | Answer[];
    calls.forEach((call, i) => {
      // Not an array: the request as a whole was refused (every query gets the refusal).
      const answer = Array.isArray(body) ? body[i] : body;
      try {
        call.resolve(readAnswer(answer, res));
      } catch (err) {
        call.reject(err);
      }
    });
  } catch (cause) {
    const err = networkError(cause);
    for (const call of calls) call.reject(err);
  }
}

/** A mutation's answer; one refused for want of a fresh step-up is sent again once confirmed. */
export function mutate<T>(path: string, input: unknown): Promise<T> {
  return withStepUp(async () => {
    const res = await postCall(path, writeWire(input), pageLocale()).catch((cause: unknown) =>
      Promise.reject(networkError(cause)),
    );
    return readResponse<T>(res);
  });
}
