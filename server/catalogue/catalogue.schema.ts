import { z } from "zod";
import { positiveMinor } from "@/server/money/minor.schema";
import { nameSchema } from "@/server/text/name.schema";

export const catalogueItemFields = z.object({
  name: nameSchema(60),
  priceMinor: positiveMinor,
  enabled: z.boolean().default(true),
});

export const storeCatalogueInput = z.object({ storeId: z.uuid() });

export const createCatalogueItemInput = catalogueItemFields.extend({ storeId: z.uuid() });
export type CreateCatalogueItemInput = z.infer<typeof createCatalogueItemInput>;

export const updateCatalogueItemInput = catalogueItemFields.extend({ itemId: z.uuid() });
export type UpdateCatalogueItemInput = z.infer<typeof updateCatalogueItemInput>;

export const catalogueItemIdInput = z.object({ itemId: z.uuid() });

export const moveCatalogueItemInput = z.object({
  itemId: z.uuid(),
  direction: z.enum(["up", "down"]),
});
export type MoveCatalogueItemInput = z.infer<typeof moveCatalogueItemInput>;
