import type { paymentMethodKinds } from "@/db/schema/enum-values";
import { downloadAlipayStatement } from "./alipay/alipay-statement";
import { alipayConnector } from "./alipay/alipay.connector";
import { downloadPaypalStatement } from "./paypal/paypal-statement";
import { paypalConnector } from "./paypal/paypal.connector";
import { sandboxStatement } from "./sandbox/sandbox-statement";
import { sandboxConnector } from "./sandbox/sandbox.connector";
import { downloadStripeStatement } from "./stripe/stripe-statement";
import { stripeConnector } from "./stripe/stripe.connector";
import type { Connector } from "./types";
import { downloadWechatStatement } from "./wechat-pay/wechat-pay-statement";
import { wechatPayConnector } from "./wechat-pay/wechat-pay.connector";

type Kind = (typeof paymentMethodKinds)[number];

/**
 * Every wallet provider behind the one interface. Cash has none: it succeeds at the counter.
 * Each statement download lives beside its connector (it calls the connector's signed API
 * helpers) and is joined to it here, so neither file imports the other both ways.
 */
const connectors: Partial<Record<Kind, Connector>> = {
  sandbox: { ...sandboxConnector, downloadStatement: sandboxStatement },
  alipay: { ...alipayConnector, downloadStatement: downloadAlipayStatement },
  wechat_pay: { ...wechatPayConnector, downloadStatement: downloadWechatStatement },
  paypal: { ...paypalConnector, downloadStatement: downloadPaypalStatement },
  stripe: { ...stripeConnector, downloadStatement: downloadStripeStatement },
};

export function connectorFor(kind: string): Connector | null {
  return Object.hasOwn(connectors, kind) ? (connectors[kind as Kind] ?? null) : null;
}
