import { roleProcedure, router } from "@/server/trpc/init";
import { managesStores, readsStores } from "@/server/auth/roles.logic";
import { createStoreInput, storeIdInput, updateStoreInput } from "./store.schema";
import { closeStore, createStore, listAllStores, reopenStore, updateStore } from "./store.service";

export const storeRouter = router({
  list: roleProcedure(...readsStores).query(({ ctx }) => listAllStores(ctx.db, ctx.merchantId)),

  create: roleProcedure(...managesStores)
    .input(createStoreInput)
    .mutation(({ ctx, input }) => createStore(ctx.db, ctx.actor, ctx.merchantId, input)),

  update: roleProcedure(...managesStores)
    .input(updateStoreInput)
    .mutation(({ ctx, input }) => updateStore(ctx.db, ctx.actor, ctx.merchantId, input)),

  close: roleProcedure(...managesStores)
    .input(storeIdInput)
    .mutation(({ ctx, input }) => closeStore(ctx.db, ctx.actor, ctx.merchantId, input.storeId)),

  reopen: roleProcedure(...managesStores)
    .input(storeIdInput)
    .mutation(({ ctx, input }) => reopenStore(ctx.db, ctx.actor, ctx.merchantId, input.storeId)),
});
