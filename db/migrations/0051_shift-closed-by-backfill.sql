-- Before a manager could close a cashier's shift, only its cashier closed it: they counted
-- every shift closed so far.
UPDATE "cash_shifts" SET "closed_by" = "cashier_id" WHERE "closed_at" IS NOT NULL AND "closed_by" IS NULL;
