import { expect, type Page } from "@playwright/test";
import superjson from "superjson";

/** A tRPC query over HTTP, as the browser's client sends it (superjson on both ways). */
export async function query<T>(page: Page, path: string, input?: unknown): Promise<T> {
  const qs =
    input === undefined
      ? ""
      : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await page.request.get(`/api/trpc/${path}${qs}`);
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return superjson.deserialize<T>(((await res.json()) as { result: { data: never } }).result.data);
}

export async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${path}`, { data: superjson.serialize(input) });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return superjson.deserialize<T>(((await res.json()) as { result: { data: never } }).result.data);
}

/** The shop's payment methods, as the Payment methods page lists them. */
export async function paymentMethodsOf(page: Page) {
  const list = await query<{
    methods: { id: string; label: string; kind: string; enabled: boolean }[];
  }>(page, "paymentMethods.list");
  return list.methods;
}

/**
 * Changes what the server answers the browser's `path` query (alone or in a batch): `edit`
 * gets the answer's JSON (superjson's `json` part) and changes it in place. For a state the
 * browser must show but a test cannot bring about on purpose (the server's side of it is
 * tested against the database).
 */
export async function editAnswers(page: Page, path: string, edit: (json: never) => void) {
  await page.route(
    new RegExp(`/api/trpc/[^?]*\\b${path.replace(".", "\\.")}\\b`),
    async (route) => {
      const response = await route.fetch();
      const called = new URL(route.request().url()).pathname.split("/").pop()!.split(",");
      const body = await response.json();
      const answer = Array.isArray(body) ? body[called.indexOf(path)] : body;
      if (answer?.result) edit(answer.result.data.json as never);
      await route.fulfill({ response, json: body });
    },
  );
}
