import { defineConfig } from "drizzle-kit";

// Generating migrations needs no database: the SQL is derived from the schema files alone.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
