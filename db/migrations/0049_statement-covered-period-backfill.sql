-- Statements imported before the period was kept: the file's own period was not stored, only the
-- local days it touched, so each is taken to speak for those whole days in the shop's zone (what
-- was treated as covered until now). A statement that stated no day keeps no period.
UPDATE "statements" SET
  "covered_from" = ("first_day"::timestamp AT TIME ZONE m."time_zone"),
  "covered_until" = (("last_day" + 1)::timestamp AT TIME ZONE m."time_zone")
FROM "merchants" m
WHERE m."id" = "statements"."merchant_id" AND "statements"."first_day" IS NOT NULL
  AND "statements"."last_day" IS NOT NULL AND "statements"."covered_from" IS NULL;
