/**
 * Uploads that answer in NDJSON (one JSON event per line, written as the server works): the
 * statement import and the restore of the setup screen. XMLHttpRequest rather than fetch,
 * because only it reports how much of the file has been sent.
 */

/**
 * The complete lines of `text` from `offset` on, parsed; a line still being written (no newline
 * yet) waits for the next piece. Returns the offset to start from next time.
 */
export function readEvents<E>(text: string, offset: number): { events: E[]; next: number } {
  const events: E[] = [];
  let start = offset;
  for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line) events.push(JSON.parse(line) as E);
  }
  return { events, next: start };
}

export interface UploadHandlers<E> {
  /** Bytes of the file sent so far. */
  onSent: (bytes: number) => void;
  /** Each event of a 200 answer, in order (the last line may have no newline after it). */
  onEvent: (event: E) => void;
  /** Any other status: a plain-text refusal before the work began (a 403, a 409, a 413). */
  onRefused: (status: number, text: string) => void;
  onNetworkError: () => void;
}

/** Sends `body`; resolves once the answer has ended (or the upload failed), never rejects. */
export function uploadWithEvents<E>(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  handlers: UploadHandlers<E>,
): { done: Promise<void>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  let offset = 0;
  const consume = () => {
    if (xhr.status !== 200) return;
    const { events, next } = readEvents<E>(xhr.responseText, offset);
    offset = next;
    events.forEach(handlers.onEvent);
  };
  const done = new Promise<void>((resolve) => {
    xhr.upload.onprogress = (e) => handlers.onSent(e.loaded);
    xhr.onprogress = consume;
    xhr.onload = () => {
      if (xhr.status === 200) {
        consume();
        const rest = xhr.responseText.slice(offset).trim();
        if (rest) handlers.onEvent(JSON.parse(rest) as E);
      } else handlers.onRefused(xhr.status, xhr.responseText);
      resolve();
    };
    xhr.onerror = () => {
      handlers.onNetworkError();
      resolve();
    };
    xhr.onabort = () => resolve();
  });
  xhr.open("POST", url);
  xhr.setRequestHeader("content-type", "application/octet-stream");
  for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
  xhr.send(body);
  return { done, abort: () => xhr.abort() };
}
