import type { paymentMethodKinds } from "@/db/schema/enums";
import { sandboxConnector } from "./sandbox/sandbox-notification";
import type { Connector } from "./types";

type Kind = (typeof paymentMethodKinds)[number];

/** The connectors that can receive notifications. Cash has none: it succeeds at the counter. */
const connectors: Partial<Record<Kind, Connector>> = {
  sandbox: sandboxConnector,
};

export function connectorFor(kind: string): Connector | null {
  return connectors[kind as Kind] ?? null;
}
