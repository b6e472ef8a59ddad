import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** What the procedures return and take, for typing the screens (types only: nothing is bundled). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type OrderDetail = RouterOutputs["orders"]["byId"];
export type OrderAttempt = OrderDetail["attempts"][number];
export type OrderStatus = OrderDetail["status"];
export type AttemptStatus = OrderAttempt["status"];
export type OrderListRow = RouterOutputs["orders"]["list"]["rows"][number];
export type ListOrdersInput = RouterInputs["orders"]["list"];
export type OrderSort = NonNullable<ListOrdersInput["sort"]>;
export type PaymentMethod = RouterOutputs["paymentMethods"]["list"]["methods"][number];
export type MethodKind = PaymentMethod["kind"];
/** A method as the orders' screens know it (paymentMethods.choices). */
export type MethodChoice = RouterOutputs["paymentMethods"]["choices"][number];
export type NotificationOutcome = OrderDetail["notifications"][number]["outcome"];
