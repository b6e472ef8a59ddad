import { randomBytes } from "node:crypto";
import pg from "pg";

async function onServer<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new PostgreSQL database on the server of `baseUrl` — empty, or a copy of the database named
 * `template` (which nobody may be connected to) — and how to drop it again.
 */
export async function createScratchPostgres(baseUrl: string, prefix: string, template?: string) {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    await onServer(baseUrl, (client) => client.query(statement));
  };
  await admin(`create database ${name}${template ? ` template ${template}` : ""}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * Drops every database on the server of `baseUrl` whose name is `prefix`, an underscore and
 * more: the scratch databases made with that prefix and not dropped yet.
 */
export async function dropScratchPostgres(baseUrl: string, prefix: string) {
  await onServer(baseUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "select datname as name from pg_database where starts_with(datname, $1)",
      [`${prefix}_`],
    );
    for (const { name } of rows) {
      await client.query(`drop database if exists ${name} with (force)`);
    }
  });
}
