import { z } from "zod";
import { env } from "@/env";
import { configuresMethods } from "@/server/auth/roles.logic";
import {
  providerCredentialsInput,
  removeWechatKeyInput,
} from "@/server/connectors/credentials.schema";
import { merchantProcedure, roleProcedure, router, stepUpProcedure } from "@/server/trpc/init";
import {
  createPaymentMethodInput,
  sandboxBehaviourInput,
  updatePaymentMethodInput,
} from "./payment-method.schema";
import {
  createPaymentMethod,
  listMethodChoices,
  listPaymentMethods,
  setSandboxBehaviour,
  updatePaymentMethod,
} from "./payment-method.service";
import {
  removeWechatKey,
  setProviderCredentials,
  wechatKeysHeld,
} from "./provider-credentials.service";
import {
  checkMethodConnection,
  httpWebhookPoster,
  sendSandboxTestNotification,
} from "./connection-check.service";

const methodIdInput = z.object({ id: z.uuid() });
/**
 * What a method's save checks against the server's settings: a live provider needs the public
 * address (APP_URL) for its notify URL, and the sandbox wallet is on everywhere only with SANDBOX=1.
 */
const saveOptions = () => ({
  appUrlSet: env.APP_URL !== undefined,
  sandboxEverywhere: env.sandboxEverywhere,
});

const configure = roleProcedure(...configuresMethods);
// Provider keys move money: whoever enters them is asked again after a few minutes.
const configureKeys = stepUpProcedure(...configuresMethods);

export const paymentMethodRouter = router({
  list: merchantProcedure.query(({ ctx }) =>
    listPaymentMethods(ctx.db, ctx.merchantId, env.sandboxEverywhere),
  ),

  /** Names, kinds, currencies and offer of each method, for the orders' screens. */
  choices: merchantProcedure.query(({ ctx }) =>
    listMethodChoices(ctx.db, ctx.merchantId, env.sandboxEverywhere),
  ),

  create: configure
    .input(createPaymentMethodInput)
    .mutation(({ ctx, input }) =>
      createPaymentMethod(
        ctx.db,
        ctx.actor,
        ctx.merchantId,
        input,
        ctx.encryptionKey,
        saveOptions(),
      ),
    ),

  update: configure
    .input(updatePaymentMethodInput)
    .mutation(({ ctx, input }) =>
      updatePaymentMethod(ctx.db, ctx.actor, ctx.merchantId, input, saveOptions()),
    ),

  /** Proves the saved keys work against the provider; the result is kept on the method. */
  checkConnection: configure.input(methodIdInput).mutation(({ ctx, input }) =>
    checkMethodConnection(ctx.db, ctx.actor, ctx.merchantId, input.id, {
      key: ctx.encryptionKey,
    }),
  ),

  /** The sandbox wallet posts a signed test event to our real webhook route. */
  sendTestNotification: configure
    .input(methodIdInput)
    .mutation(({ ctx, input }) =>
      sendSandboxTestNotification(
        ctx.db,
        ctx.merchantId,
        input.id,
        ctx.encryptionKey,
        httpWebhookPoster(env.internalUrl),
      ),
    ),

  setCredentials: configureKeys
    .input(providerCredentialsInput)
    .mutation(({ ctx, input }) =>
      setProviderCredentials(ctx.db, ctx.actor, ctx.merchantId, input, ctx.encryptionKey),
    ),

  /** Which WeChat Pay platform keys a method holds (IDs, serials, expiry; never the keys). */
  wechatKeys: configure
    .input(methodIdInput)
    .query(({ ctx, input }) => wechatKeysHeld(ctx.db, ctx.merchantId, input.id, ctx.encryptionKey)),

  removeWechatKey: configureKeys
    .input(removeWechatKeyInput)
    .mutation(({ ctx, input }) =>
      removeWechatKey(ctx.db, ctx.actor, ctx.merchantId, input, ctx.encryptionKey),
    ),

  setSandboxBehaviour: configure
    .input(sandboxBehaviourInput)
    .mutation(({ ctx, input: { id, ...behaviour } }) =>
      setSandboxBehaviour(ctx.db, ctx.actor, ctx.merchantId, id, behaviour),
    ),
});
