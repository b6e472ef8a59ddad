import type { OrderDetail } from "../../../_lib/router-types";

/**
 * Which state of the order's history (its timeline and notifications, both only ever added
 * to) the server drew: the order's page compares it with the order it holds, and has the
 * server draw them again when they differ.
 */
export function historyOf(order: Pick<OrderDetail, "timeline" | "notifications">): string {
  return `${order.timeline.length}/${order.notifications.length}`;
}
