import { pgEnum } from "drizzle-orm/pg-core";
import {
  alertStatuses,
  attemptStatuses,
  invitationStatuses,
  locales,
  notificationOutcomes,
  orderChannels,
  orderStatuses,
  outboxStates,
  paidOutKinds,
  paymentMethodKinds,
  paymentModes,
  reconDayStatuses,
  reconDifferenceKinds,
  reconDifferenceStatuses,
  reconResolutions,
  refundFeeRules,
  refundReasons,
  refundStatuses,
  roles,
  shiftStatuses,
  statementFormats,
  statementLineKinds,
  statementLineStates,
  statementStatuses,
  voucherStatuses,
} from "./enum-values";

// The lists themselves live in enum-values.ts (read in the browser without drizzle).
export * from "./enum-values";

export const localeEnum = pgEnum("locale", locales);
export const roleEnum = pgEnum("role", roles);
export const invitationStatusEnum = pgEnum("invitation_status", invitationStatuses);
export const paymentMethodKindEnum = pgEnum("payment_method_kind", paymentMethodKinds);
export const paymentModeEnum = pgEnum("payment_mode", paymentModes);
export const orderStatusEnum = pgEnum("order_status", orderStatuses);
export const orderChannelEnum = pgEnum("order_channel", orderChannels);
export const attemptStatusEnum = pgEnum("attempt_status", attemptStatuses);
export const notificationOutcomeEnum = pgEnum("notification_outcome", notificationOutcomes);
export const outboxStateEnum = pgEnum("outbox_state", outboxStates);
export const voucherStatusEnum = pgEnum("voucher_status", voucherStatuses);
export const refundStatusEnum = pgEnum("refund_status", refundStatuses);
export const refundFeeRuleEnum = pgEnum("refund_fee_rule", refundFeeRules);
export const refundReasonEnum = pgEnum("refund_reason", refundReasons);
export const statementFormatEnum = pgEnum("statement_format", statementFormats);
export const statementStatusEnum = pgEnum("statement_status", statementStatuses);
export const statementLineKindEnum = pgEnum("statement_line_kind", statementLineKinds);
export const statementLineStateEnum = pgEnum("statement_line_state", statementLineStates);
export const reconDifferenceKindEnum = pgEnum("recon_difference_kind", reconDifferenceKinds);
export const reconDifferenceStatusEnum = pgEnum("recon_difference_status", reconDifferenceStatuses);
export const reconResolutionEnum = pgEnum("recon_resolution", reconResolutions);
export const reconDayStatusEnum = pgEnum("recon_day_status", reconDayStatuses);
export const alertStatusEnum = pgEnum("alert_status", alertStatuses);
export const shiftStatusEnum = pgEnum("shift_status", shiftStatuses);
export const paidOutKindEnum = pgEnum("paid_out_kind", paidOutKinds);
