// What the app server (scripts/app-server.mjs) refuses before Next or a route sees a request.
//
// The one cap on request bodies, applied before any route reads a byte. Next's route handlers and tRPC's fetch adapter buffer a body whole
// (req.json(), req.text()), with no limit: a stranger's 150 MB sign-in took 2 GB of memory and
// a minute of CPU before it was refused. Larger bodies are refused with 413, in the language the
// pages would use.
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./build-if-needed.mjs";
import { chosenLocale, cookieValue, localeCookie, locales } from "./locale-choice.mjs";

/**
 * Every body but the files below fits: the largest a page sends is a guide (40,000 characters)
 * or a provider's certificate, a few hundred KB at most even as a batch of calls.
 */
export const defaultBodyLimit = 1024 * 1024;

/**
 * Routes that stream their body to disk and cap it themselves, in their own words: a statement
 * file (server/reconciliation/statement-upload.service.ts, 200 MB) and a backup restored on
 * setup, taken only with the setup token (server/backup/setup-restore-route-handler.ts).
 */
const ownLimits = /^\/api\/(?:statements|setup\/restore)(?:[?/]|$)/;

/** The most bytes a request to `url` may send, or null when its route caps its body itself. */
export function bodyLimitFor(url) {
  return ownLimits.test(url) ? null : defaultBodyLimit;
}

/** The refusals' sentences in each language, from the message catalogues (common.errors). */
const sentences = Object.fromEntries(
  locales.map((locale) => {
    const file = path.join(root, "app", "_i18n", "messages", locale, "common.json");
    return [locale, JSON.parse(readFileSync(file, "utf8")).errors];
  }),
);

/** The language of the refusal: the pages' choice as far as a request tells it (no user yet). */
export function refusalLocale(headers) {
  return chosenLocale(cookieValue(headers.cookie, localeCookie), headers["accept-language"]);
}

/** Answers `status` with the sentence `key` of common.errors; the body, if any, goes unread. */
function refuse(req, res, status, key) {
  const locale = refusalLocale(req.headers);
  // The rest of the body is never read: the connection closes after the answer.
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-language": locale,
    "cache-control": "no-store",
  });
  res.end(sentences[locale][key]);
}

/**
 * Refuses a request whose body is over its route's limit and returns true, or returns false
 * and lets it through. A body whose Content-Length says so is refused before it is read; one
 * sent without a length (chunked) is counted as Node hands it on, and cut at the limit: its
 * reader then fails, and the answer is this refusal, not the route's.
 */
function refuseOversizedBody(req, res) {
  const limit = bodyLimitFor(req.url ?? "");
  if (limit === null) return false;
  if (Number(req.headers["content-length"]) > limit) {
    refuse(req, res, 413, "requestTooLarge");
    return true;
  }
  if (req.headers["transfer-encoding"] === undefined) return false;
  // Node's HTTP parser hands each piece of the body to the request with push().
  let received = 0;
  const push = req.push;
  req.push = function countedPush(chunk, encoding) {
    received += chunk?.length ?? 0;
    if (received <= limit) return push.call(this, chunk, encoding);
    req.push = push;
    if (!res.headersSent) refuse(req, res, 413, "requestTooLarge");
    req.destroy();
    return false;
  };
  return false;
}

/**
 * An address whose path is not percent-encoded UTF-8 (`/pay/%E0%A4%A`): Next answers a page
 * with a dynamic segment so addressed with a bare 500. It is a link that cannot be read.
 */
function refuseMalformedPath(req, res) {
  try {
    decodeURIComponent((req.url ?? "").split("?")[0]);
    return false;
  } catch {
    refuse(req, res, 400, "invalidLink");
    return true;
  }
}

/** Refuses a request no route should see and returns true; false lets it through. */
export function refuseRequest(req, res) {
  return refuseMalformedPath(req, res) || refuseOversizedBody(req, res);
}
