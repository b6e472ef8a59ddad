// A rolling restart as a service manager does it: SIGTERM to a server while a request is on its
// way in. The request must be answered, new connections refused, the embedded database closed
// (its folder released and intact), and the process must exit 0. The suite's server must keep
// serving the other journeys, so this one starts a server of its own: the same production
// build, a fresh data folder, a free port, and one test merchant from the seed route (not the
// demo shop, whose 90 days of history this journey does not read).
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDatabase } from "@/db/open";
import { users } from "@/db/schema";
import { openSignedIn, seedTestMerchant } from "./fixtures";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

let server: OwnServer | undefined;
let dataDir: string;

test.beforeAll(() => {
  dataDir = freshDataFolder("hexiao-shutdown-journey-");
});

test.afterAll(async ({}, testInfo) => {
  if (server) {
    await testInfo.attach("shutdown-server.log", { body: server.log(), contentType: "text/plain" });
    await server.stop();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves once `socket` has received text matching `pattern`; with all it received. */
function received(socket: net.Socket, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (pattern.test(text)) {
        socket.off("data", onData);
        resolve(text);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error(`closed before ${pattern}; got:\n${text}`)));
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

test("SIGTERM: the request in flight is answered, new connections are refused, the process exits 0", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  server = await startOwnServer({
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    DEMO: "0",
    E2E_SEED_ROUTE: "1", // with the run's E2E_SEED_TOKEN, from the environment
    // Far above what the request needs: the test waits on events, never on this clock.
    SHUTDOWN_GRACE_SECONDS: "120",
  });
  const { port, url } = server;

  // A counter screen following an order live: its stream never ends by itself, so the
  // shutdown must cut it rather than wait for it (the browser then reconnects elsewhere).
  const counter = await browser.newContext({ baseURL: url });
  const page = await counter.newPage();
  const cashier = (await seedTestMerchant(page.request)).accounts.staff;
  await openSignedIn(page, cashier);
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Flat white");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("32");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Live: updates as the payment happens")).toBeVisible();
  const body = JSON.stringify({ email: cashier.email, password: cashier.password });

  // A sign-in whose body is still on its way when the signal comes. `Expect: 100-continue`
  // makes the server say when it has the request, so the signal lands while it is in flight.
  const socket = await connect(port);
  const interim = received(socket, /^HTTP\/1\.1 100 Continue\r\n\r\n/);
  socket.write(
    [
      "POST /api/auth/sign-in/email HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      `Origin: ${url}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Expect: 100-continue",
      "",
      "",
    ].join("\r\n"),
  );
  await interim;
  socket.write(body.slice(0, 10));

  server.process.kill("SIGTERM");
  await expect
    .poll(() => server!.log(), { timeout: 30_000 })
    .toMatch(/SIGTERM: stopping\. [1-9]\d* request\(s\) in flight/);

  // No new connection once stopping: a load balancer moves on to another instance.
  const refused = await connect(port).then(
    (s) => {
      s.destroy();
      return null;
    },
    (err: NodeJS.ErrnoException) => err.code,
  );
  expect(refused).toBe("ECONNREFUSED");

  // The rest of the body arrives; the request is answered as if nothing happened, and its
  // connection closes after it, so the client's next request goes elsewhere.
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(body.slice(10));
  await ended;
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(answer).toMatch(/^connection: close\r$/im);
  expect(answer).toMatch(/^set-cookie: /im);

  expect(await server.exited).toEqual({ code: 0, signal: null });
  await expect(page.getByText(/^Reconnecting/)).toBeVisible();
  await counter.close();
  expect(server.log()).toContain("Hexiao stopped.");
  expect(server.log()).not.toMatch(/Grace period over|Error/);

  // The database was closed cleanly: the folder is free and opens with the test shop in it.
  const reopened = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    const people = await reopened.db.select({ email: users.email }).from(users);
    expect(people.map((p) => p.email)).toContain(cashier.email);
  } finally {
    await reopened.close();
  }
});
