import { managesCatalogue, takesPayments } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  catalogueItemIdInput,
  createCatalogueItemInput,
  moveCatalogueItemInput,
  storeCatalogueInput,
  updateCatalogueItemInput,
} from "./catalogue.schema";
import {
  createCatalogueItem,
  listCatalogue,
  moveCatalogueItem,
  removeCatalogueItem,
  updateCatalogueItem,
} from "./catalogue.service";

const manager = roleProcedure(...managesCatalogue);

export const catalogueRouter = router({
  /** The store's whole catalogue, disabled items too: the store page's list. */
  list: manager
    .input(storeCatalogueInput)
    .query(({ ctx, input }) =>
      listCatalogue(ctx.db, ctx.merchantId, input.storeId, { enabledOnly: false }),
    ),

  /** The quick keys of the new-order form: the enabled items. */
  quickKeys: roleProcedure(...takesPayments)
    .input(storeCatalogueInput)
    .query(({ ctx, input }) =>
      listCatalogue(ctx.db, ctx.merchantId, input.storeId, { enabledOnly: true }),
    ),

  create: manager
    .input(createCatalogueItemInput)
    .mutation(({ ctx, input }) => createCatalogueItem(ctx.db, ctx.actor, ctx.merchantId, input)),

  update: manager
    .input(updateCatalogueItemInput)
    .mutation(({ ctx, input }) => updateCatalogueItem(ctx.db, ctx.actor, ctx.merchantId, input)),

  move: manager
    .input(moveCatalogueItemInput)
    .mutation(({ ctx, input }) => moveCatalogueItem(ctx.db, ctx.actor, ctx.merchantId, input)),

  remove: manager
    .input(catalogueItemIdInput)
    .mutation(({ ctx, input }) =>
      removeCatalogueItem(ctx.db, ctx.actor, ctx.merchantId, input.itemId),
    ),
});
