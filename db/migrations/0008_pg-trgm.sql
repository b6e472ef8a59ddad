-- Trigram indexes for the order search (partial order numbers, item names). pg_trgm is a
-- trusted extension on PostgreSQL 13+; the embedded engine loads it when it opens (db/open.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
