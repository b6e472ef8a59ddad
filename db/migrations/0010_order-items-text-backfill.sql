-- Orders made before the search column: their item names, one per line, as orderItemsText
-- (server/payments/order-search.logic.ts) writes them for new orders.
UPDATE "orders" SET "items_text" = (
  SELECT string_agg("name", E'\n' ORDER BY "position") FROM "order_items" WHERE "order_items"."order_id" = "orders"."id"
) WHERE "items_text" = '' AND EXISTS (SELECT 1 FROM "order_items" WHERE "order_items"."order_id" = "orders"."id");
