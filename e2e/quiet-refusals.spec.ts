// A page that shows a refusal well (a guide meant for another role) must not also log it as
// the server's error: an operator reading the log would look for a fault that is not there.
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { Role } from "@/server/auth/roles.logic";
import { seedTokenHeader } from "@/server/testing/seed-route-handler";
import type { TestMerchant } from "@/server/testing/test-merchant.service";
import type { TestSessionCookie } from "@/server/testing/test-session.service";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

let server: OwnServer | undefined;
let dataDir: string | undefined;

test.afterAll(async ({}, testInfo) => {
  if (!server) return;
  await testInfo.attach("server.log", { body: server.log(), contentType: "text/plain" });
  await server.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("refused pages log nothing on the server", async () => {
  test.setTimeout(240_000);
  dataDir = freshDataFolder("hexiao-quiet-");
  server = await startOwnServer({
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    DEMO: "0",
    E2E_SEED_ROUTE: "1", // with the run's E2E_SEED_TOKEN, from the environment
  });
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
