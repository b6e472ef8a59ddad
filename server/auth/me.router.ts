import { localeSchema } from "@/server/merchants/merchant.schema";
import { listStores } from "@/server/merchants/merchant.service";
import { listUserMemberships, requestMembership } from "@/server/team/membership.service";
import { protectedProcedure, router } from "@/server/trpc/init";
import { z } from "zod";
import { areasFor } from "./roles.logic";
import { setUserLocale } from "./user.service";

export const meRouter = router({
  /** Who am I, which merchant I act for, my role there, and what I may open. */
  get: protectedProcedure.query(async ({ ctx }) => {
    const [memberships, active] = await Promise.all([
      listUserMemberships(ctx.db, ctx.user.id),
      requestMembership(ctx.db, ctx.user.id, ctx),
    ]);
    return {
      user: ctx.user,
      memberships,
      merchant: active,
      areas: active ? areasFor(active.role) : [],
      stores: active ? await listStores(ctx.db, active.merchantId) : [],
    };
  }),

  setLocale: protectedProcedure
    .input(z.object({ locale: localeSchema }))
    .mutation(async ({ ctx, input }) => {
      await setUserLocale(ctx.db, ctx.user.id, input.locale);
      return { locale: input.locale };
    }),
});
