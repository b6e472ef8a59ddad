import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type OpenDatabase } from "../open";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * PostgreSQL database (dropped again on close) when the suite runs with TEST_ENGINE=postgres.
 */
export async function createTestDatabase(): Promise<OpenDatabase> {
  if (process.env.TEST_ENGINE !== "postgres") return openDatabase({ pgliteDir: undefined });

  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("TEST_ENGINE=postgres needs TEST_DATABASE_URL");
  const scratch = await createScratchPostgres(baseUrl, "hexiao_t");
  const opened = await openDatabase({ url: scratch.url });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await scratch.drop();
    },
  };
}

/** A new, empty PostgreSQL database on the server of `baseUrl`, and how to drop it again. */
export async function createScratchPostgres(baseUrl: string, prefix: string) {
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
  await admin(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
