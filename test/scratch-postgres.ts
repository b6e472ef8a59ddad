import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A new PostgreSQL database on the server of `baseUrl` — empty, or a copy of the database named
 * `template` (which nobody may be connected to) — and how to drop it again.
 */
export async function createScratchPostgres(baseUrl: string, prefix: string, template?: string) {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}${template ? ` template ${template}` : ""}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
