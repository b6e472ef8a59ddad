import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";

export type FeedbackRow = RouterOutputs["feedback"]["list"]["rows"][number];

/** A score, or "low" for the unhappy ones (1 and 2) together. */
export const scoreChoices = ["low", "1", "2", "3", "4", "5"] as const;

/** The inbox's filters as they appear in the URL (shareable, survives a reload). */
export const feedbackFilterParsers = {
  score: parseAsStringLiteral(scoreChoices),
  method: parseAsString,
  store: parseAsString,
  from: parseAsString,
  to: parseAsString,
  cursor: parseAsString,
};
export type FeedbackFilterState = UrlValues<typeof feedbackFilterParsers>;
export const loadFeedbackFilters = createLoader(feedbackFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The procedure's input, built the same way on server (prefetch) and client. */
export function toFeedbackListInput(f: FeedbackFilterState): RouterInputs["feedback"]["list"] {
  return {
    score: f.score && f.score !== "low" ? Number(f.score) : undefined,
    lowOnly: f.score === "low" ? true : undefined,
    methodId: f.method && uuid.test(f.method) ? f.method : undefined,
    storeId: f.store && uuid.test(f.store) ? f.store : undefined,
    from: f.from && localDate.test(f.from) ? f.from : undefined,
    to: f.to && localDate.test(f.to) ? f.to : undefined,
    cursor: f.cursor ?? undefined,
    limit: 25,
  };
}
