import { configuresMethods } from "@/server/auth/roles.logic";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { merchantProcedure, roleProcedure, router } from "@/server/trpc/init";
import {
  createPaymentMethodInput,
  sandboxBehaviourInput,
  updatePaymentMethodInput,
} from "./payment-method.schema";
import {
  createPaymentMethod,
  listPaymentMethods,
  setSandboxBehaviour,
  updatePaymentMethod,
} from "./payment-method.service";
import { setProviderCredentials } from "./provider-credentials.service";

const configure = roleProcedure(...configuresMethods);

export const paymentMethodRouter = router({
  list: merchantProcedure.query(({ ctx }) => listPaymentMethods(ctx.db, ctx.merchantId)),

  create: configure
    .input(createPaymentMethodInput)
    .mutation(({ ctx, input }) =>
      createPaymentMethod(ctx.db, ctx.actor, ctx.merchantId, input, ctx.encryptionKey),
    ),

  update: configure
    .input(updatePaymentMethodInput)
    .mutation(({ ctx, input }) => updatePaymentMethod(ctx.db, ctx.actor, ctx.merchantId, input)),

  setCredentials: configure
    .input(providerCredentialsInput)
    .mutation(({ ctx, input }) =>
      setProviderCredentials(ctx.db, ctx.actor, ctx.merchantId, input, ctx.encryptionKey),
    ),

  setSandboxBehaviour: configure
    .input(sandboxBehaviourInput)
    .mutation(({ ctx, input: { id, ...behaviour } }) =>
      setSandboxBehaviour(ctx.db, ctx.actor, ctx.merchantId, id, behaviour),
    ),
});
