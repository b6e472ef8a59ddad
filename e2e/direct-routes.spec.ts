// The app server answers `/api/trpc/*` and the providers' notifications without Next's routing
// (scripts/direct-routes.mjs). Its answers must be Next's, to the header: two servers of the
// suite's build, one taking the direct path and one sending every call through Next
// (ROUTES_VIA_NEXT=1), are asked the same things, the console's calls, the providers' and a
// hostile client's, and must answer alike. The direct side's server also shows that a refused
// page is not logged as the server's error (it needs a server whose log the test can read).
import { rmSync } from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { seedTokenHeader } from "@/server/testing/seed-route-handler";
import type { TestSessionCookie } from "@/server/testing/test-session.service";
import type { Role } from "@/server/auth/roles.logic";
import type { TestMerchant } from "@/server/testing/test-merchant.service";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

interface Side {
  server: OwnServer;
  dataDir: string;
  /** The owner's session cookie, `name=value`. */
  cookie: string;
  /** The id of the shop's sandbox wallet method, whose notification address is its own. */
  sandboxMethodId: string;
}
const sides: { direct?: Side; throughNext?: Side } = {};

// The file's tests in one worker, one after the other, so that its two servers start once:
// in the suite's fully parallel mode Playwright splits a file with a beforeAll between the
// workers, and each worker ran the hook, starting two more servers. A failed test does not
// skip the rest (they run on in a new worker, which starts the servers again).
test.describe.configure({ mode: "default" });

async function startSide(label: string, env: Record<string, string>): Promise<Side> {
  const dataDir = freshDataFolder(`hexiao-direct-${label}-`);
  const server = await startOwnServer({
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    DEMO: "0",
    E2E_SEED_ROUTE: "1", // with the run's E2E_SEED_TOKEN, from the environment
    ...env,
  });
  // A set-up that fails after the server started must stop it: the side is never recorded,
  // so afterAll would not, and the server outlived the run.
  try {
    const seedHeaders = {
      [seedTokenHeader]: process.env.E2E_SEED_TOKEN ?? "",
      "content-type": "application/json",
    };
    const merchant = (await (
      await fetch(`${server.url}/api/testing/merchants`, { method: "POST", headers: seedHeaders })
    ).json()) as TestMerchant;
    const res = await fetch(`${server.url}/api/testing/sessions`, {
      method: "POST",
      headers: seedHeaders,
      body: JSON.stringify({ userId: merchant.accounts.owner.userId }),
    });
    expect(res.status).toBe(201);
    const session = (await res.json()) as TestSessionCookie;
    const cookie = `${session.name}=${session.value}`;
    const methods = (await (
      await fetch(`${server.url}/api/trpc/paymentMethods.list`, { headers: { cookie } })
    ).json()) as { result: { data: { json: { methods: { id: string; kind: string }[] } } } };
    const sandbox = methods.result.data.json.methods.find((m) => m.kind === "sandbox");
    if (!sandbox) throw new Error("the test shop has no sandbox wallet method");
    return { server, dataDir, cookie, sandboxMethodId: sandbox.id };
  } catch (err) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  // Each side recorded as soon as it is up, so that afterAll stops it even if the other fails.
  await Promise.all([
    startSide("direct", {}).then((side) => (sides.direct = side)),
    startSide("next", { ROUTES_VIA_NEXT: "1" }).then((side) => (sides.throughNext = side)),
  ]);
});

test.afterAll(async ({}, testInfo) => {
  for (const [label, side] of Object.entries(sides)) {
    if (!side) continue;
    await testInfo.attach(`${label}.log`, { body: side.server.log(), contentType: "text/plain" });
    await side.server.stop();
    rmSync(side.dataDir, { recursive: true, force: true });
  }
});

// A page that shows a refusal well (a guide meant for another role) must not also log it as
// the server's error: an operator reading the log would look for a fault that is not there.
// On the direct side's server: a server of the suite's build with its log at hand, and pages go
// through Next on either side. First of the file's tests, which run one after another: the log read
// between a visit's start and end is that visit's alone, as on a server of its own.
test("refused pages log nothing on the server", async () => {
  test.setTimeout(120_000);
  const server = sides.direct!.server;
  const url = server.url;
  const seedHeaders = {
    [seedTokenHeader]: process.env.E2E_SEED_TOKEN ?? "",
    "content-type": "application/json",
  };
  const merchant = (await (
    await fetch(`${url}/api/testing/merchants`, { method: "POST", headers: seedHeaders })
  ).json()) as TestMerchant;
  const cookieOf = async (role: Role) => {
    const res = await fetch(`${url}/api/testing/sessions`, {
      method: "POST",
      headers: seedHeaders,
      body: JSON.stringify({ userId: merchant.accounts[role].userId }),
    });
    expect(res.status).toBe(201);
    const session = (await res.json()) as TestSessionCookie;
    return `${session.name}=${session.value}`;
  };
  const nothing = "0b7f1c2e-5d4a-4f8e-9a6b-3c2d1e0f9a8b";
  const visits: [Role, string][] = [
    // Pages another role's, or the rows' audience another role.
    ["staff", "/guides/owner-daily-review"],
    ["staff", "/reconciliation"],
    ["staff", "/reconciliation/differences"],
    ["staff", `/reconciliation/statements/${nothing}`],
    // Rows that do not exist.
    ["owner", "/guides/no-such-guide"],
    ["owner", `/orders/${nothing}`],
    ["owner", `/failures/${nothing}`],
    ["owner", `/alerts/${nothing}`],
    ["owner", `/promotions/${nothing}`],
    ["owner", `/reconciliation/statements/${nothing}`],
  ];
  for (const [role, path] of visits) {
    const before = server.log().length;
    // The whole page, to its last streamed part: a refused query rejects before the end.
    const res = await fetch(`${url}${path}`, { headers: { cookie: await cookieOf(role) } });
    await res.text();
    expect.soft(server.log().slice(before), `${role} ${path}`).not.toMatch(/⨯|Error/);
  }
});

interface Ask {
  method?: string;
  /** Sent as it is: no client normalises `..` away. A function for a path naming the side's own rows. */
  path: string | ((side: Side) => string);
  headers?: Record<string, string>;
  body?: string;
  signedIn?: boolean;
  /** Compare the body too (not for answers holding each server's own ids and names). */
  sameBody?: boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/**
 * One request to a side, raw (node:http keeps the path as written). A live-update stream is
 * read up to its first event, then left.
 */
function ask(side: Side, { method = "GET", path, headers = {}, body, signedIn }: Ask) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: side.server.port,
        method,
        path: typeof path === "function" ? path(side) : path,
        agent: false,
        headers: {
          host: `127.0.0.1:${side.server.port}`,
          ...(signedIn ? { cookie: side.cookie } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (piece: string) => {
          text += piece;
          if (String(res.headers["content-type"]).startsWith("text/event-stream")) {
            res.destroy();
            resolve(answer(res, text));
          }
        });
        res.on("end", () => resolve(answer(res, text)));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The headers that must match: all but the date; a cookie's value is each server's own. */
function answer(res: http.IncomingMessage, body: string): Answer {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === "date" || value === undefined) continue;
    headers[name] =
      name === "set-cookie" ? (value as string[]).map((c) => c.replace(/=[^;]*/, "=…")) : value;
  }
  return { status: res.statusCode ?? 0, headers, body };
}

async function expectSameAnswer(asked: Ask) {
  const [direct, throughNext] = await Promise.all([
    ask(sides.direct!, asked),
    ask(sides.throughNext!, asked),
  ]);
  const path = typeof asked.path === "function" ? asked.path(sides.direct!) : asked.path;
  const what = `${asked.method ?? "GET"} ${path.slice(0, 80)}`;
  expect(direct.status, what).toBe(throughNext.status);
  // A path naming each side's own method is redirected to that side's own address.
  const headersOf = (a: Answer, side: Side) =>
    JSON.parse(JSON.stringify(a.headers).replaceAll(side.sandboxMethodId, "<method>")) as unknown;
  expect(headersOf(direct, sides.direct!), what).toEqual(
    headersOf(throughNext, sides.throughNext!),
  );
  if (asked.sameBody !== false) expect(direct.body, what).toBe(throughNext.body);
  return direct;
}

const json = { "content-type": "application/json" };
const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

test("the console's calls: query, batch, mutation, error and live updates answer as through Next", async () => {
  test.setTimeout(120_000);
  const me = await expectSameAnswer({ path: "/api/trpc/me.get", signedIn: true, sameBody: false });
  expect(me.status).toBe(200);
  await expectSameAnswer({
    path: `/api/trpc/me.get,home.summary?batch=1&input=${input({})}`,
    signedIn: true,
    sameBody: false,
  });
  await expectSameAnswer({
    method: "POST",
    path: "/api/trpc/me.setLocale",
    headers: json,
    body: JSON.stringify({ json: { locale: "en" } }),
    signedIn: true,
  });
  // Signed out, wrong input, a procedure that does not exist.
  expect((await expectSameAnswer({ path: "/api/trpc/me.get" })).status).toBe(401);
  await expectSameAnswer({
    method: "POST",
    path: "/api/trpc/me.setLocale",
    headers: json,
    body: JSON.stringify({ json: { locale: "xx" } }),
    signedIn: true,
  });
  await expectSameAnswer({ path: "/api/trpc/no.such", signedIn: true });
  // A large answer, gzipped on both sides alike.
  await expectSameAnswer({
    path: "/api/trpc/me.get",
    headers: { "accept-encoding": "gzip" },
    signedIn: true,
    sameBody: false,
  });
  // A live-update stream (the pay page's, with a token that leads nowhere).
  const stream = await expectSameAnswer({
    path: `/api/trpc/pay.watch?input=${input({ json: { token: "x".repeat(24) } })}`,
    headers: { accept: "text/event-stream", "accept-encoding": "gzip" },
  });
  expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
});

test("a hostile client gets the answer Next gives", async () => {
  test.setTimeout(180_000);
  const post = (path: string, body: string, headers: Record<string, string> = {}): Ask => ({
    method: "POST",
    path,
    headers: { ...json, ...headers },
    body,
    signedIn: true,
  });
  // Broken JSON, the wrong shape, an empty body.
  await expectSameAnswer(post("/api/trpc/me.setLocale", "{"));
  await expectSameAnswer(post("/api/trpc/me.setLocale?batch=1", '{"0":'));
  await expectSameAnswer(post("/api/trpc/me.setLocale", ""));
  await expectSameAnswer(post("/api/trpc/me.setLocale", '"just a string"'));
  // A huge batch, in the URL and in the body.
  const many = Array.from({ length: 400 }, () => "me.get").join(",");
  await expectSameAnswer({ path: `/api/trpc/${many}?batch=1`, signedIn: true, sameBody: false });
  const names = Array.from({ length: 400 }, () => "me.setLocale").join(",");
  const inputs = Object.fromEntries(
    Array.from({ length: 400 }, (_, i) => [i, { json: { locale: "en" } }]),
  );
  await expectSameAnswer(post(`/api/trpc/${names}?batch=1`, JSON.stringify(inputs)));
  // Methods the route does not take, and a query posted / a mutation fetched.
  for (const method of ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
    await expectSameAnswer({ method, path: "/api/trpc/me.get", signedIn: true, sameBody: false });
  }
  await expectSameAnswer(post("/api/trpc/me.get", "{}"));
  await expectSameAnswer({ path: "/api/trpc/me.setLocale", signedIn: true });
  // A mutation posted from another site's page.
  await expectSameAnswer(
    post("/api/trpc/me.setLocale", JSON.stringify({ json: { locale: "en" } }), {
      origin: "https://evil.example",
    }),
  );
  await expectSameAnswer(
    post("/api/trpc/me.setLocale", JSON.stringify({ json: { locale: "en" } }), {
      "sec-fetch-site": "cross-site",
    }),
  );
  // Paths Next normalises, redirects or does not route to tRPC.
  for (const path of [
    "/api/trpc/../health",
    "/api/trpc/../trpc/me.get",
    "/api/trpc/%2e%2e/health",
    "/api/trpc//me.get",
    "/api/trpc/me.get/",
    "/api/trpc/me..get",
    "/api/trpcX",
    "/api/trpcX/me.get",
    "/api/trpc",
  ]) {
    await expectSameAnswer({ path, signedIn: true, sameBody: false });
  }
});

test("the providers' notifications, good and bad, answer as through Next", async () => {
  test.setTimeout(120_000);
  const unknownMethod = "0b7f1c2e-5d4a-4f8e-9a6b-3c2d1e0f9a8b";
  const notify = (
    path: Ask["path"],
    body: string,
    headers: Record<string, string> = json,
  ): Ask => ({
    method: "POST",
    path,
    headers,
    body,
  });
  const own = (side: Side) => `/api/webhooks/sandbox/${side.sandboxMethodId}`;
  // The shop's own method: a body that is not the wallet's, unsigned, and one signed wrongly.
  await expectSameAnswer(notify(own, "{}"));
  await expectSameAnswer(notify(own, "not json", { "content-type": "text/plain" }));
  await expectSameAnswer(
    notify(own, JSON.stringify({ event: "payment.succeeded" }), {
      ...json,
      "x-sandbox-signature": "00",
    }),
  );
  // A method that does not exist, a provider that does not, a body over the limit.
  await expectSameAnswer(notify(`/api/webhooks/alipay/${unknownMethod}`, "a=1"));
  await expectSameAnswer(notify(`/api/webhooks/nope/${unknownMethod}`, "{}"));
  await expectSameAnswer(notify(own, "x".repeat(300 * 1024)));
  // Methods the route does not take, and paths Next normalises or does not route here.
  for (const method of ["GET", "PUT", "HEAD", "OPTIONS"]) {
    await expectSameAnswer({ method, path: own, sameBody: false });
  }
  for (const path of [
    (side: Side) => `/api/webhooks/sandbox/${side.sandboxMethodId.toUpperCase()}`,
    (side: Side) => `${own(side)}/`,
    (side: Side) => `/api/webhooks/sandbox/../sandbox/${side.sandboxMethodId}`,
    `/api/webhooks/sandbox`,
  ]) {
    await expectSameAnswer({ ...notify(path, "{}"), sameBody: false });
  }
});
