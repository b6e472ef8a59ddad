import type { paymentMethodKinds } from "@/db/schema/enums";
import { alipayConnector } from "./alipay/alipay.connector";
import { paypalConnector } from "./paypal/paypal.connector";
import { sandboxConnector } from "./sandbox/sandbox.connector";
import { stripeConnector } from "./stripe/stripe.connector";
import type { Connector } from "./types";
import { wechatPayConnector } from "./wechat-pay/wechat-pay.connector";

type Kind = (typeof paymentMethodKinds)[number];

/** Every wallet provider behind the one interface. Cash has none: it succeeds at the counter. */
const connectors: Partial<Record<Kind, Connector>> = {
  sandbox: sandboxConnector,
  alipay: alipayConnector,
  wechat_pay: wechatPayConnector,
  paypal: paypalConnector,
  stripe: stripeConnector,
};

export function connectorFor(kind: string): Connector | null {
  return Object.hasOwn(connectors, kind) ? (connectors[kind as Kind] ?? null) : null;
}
