-- `payment.succeeded` messages were written with every paid order and read by nothing: they sat
-- pending forever in the outbox_unprocessed and outbox_due indexes. The topic is no longer
-- written (the success e-mail is its own `customer.email` message), so its rows go.
DELETE FROM "outbox" WHERE "topic" = 'payment.succeeded';
