import { stepUpProcedure, router } from "@/server/trpc/init";
import { eraseCustomerInput } from "./customer.schema";
import { eraseCustomer } from "./customer-erasure.service";

/** The owner erases one customer's data on request: destructive, so confirmed by a step-up. */
export const customerRouter = router({
  erase: stepUpProcedure("owner")
    .input(eraseCustomerInput)
    .mutation(({ ctx, input }) => eraseCustomer(ctx.db, ctx.actor, ctx.merchantId, input)),
});
