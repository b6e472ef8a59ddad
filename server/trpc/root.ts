import { meRouter } from "@/server/auth/me.router";
import { merchantRouter } from "@/server/merchants/merchant.router";
import { teamRouter } from "@/server/team/team.router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  me: meRouter,
  merchant: merchantRouter,
  team: teamRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
