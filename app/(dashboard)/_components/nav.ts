import {
  BellIcon,
  CircleAlertIcon,
  ClipboardListIcon,
  GraduationCapIcon,
  ChartColumnIcon,
  LayoutDashboardIcon,
  MessageSquareTextIcon,
  PercentIcon,
  ReceiptTextIcon,
  ScanLineIcon,
  VaultIcon,
  TicketIcon,
  Undo2Icon,
  ScaleIcon,
  SettingsIcon,
  StoreIcon,
  UsersIcon,
  WalletCardsIcon,
  type LucideIcon,
} from "lucide-react";
import type { Area } from "@/server/auth/roles.logic";

/** Where each area lives and its icon; labels come from the `nav` messages. */
export const navItems: { area: Area; href: string; icon: LucideIcon }[] = [
  { area: "home", href: "/", icon: LayoutDashboardIcon },
  { area: "orders", href: "/orders", icon: ReceiptTextIcon },
  { area: "redeem", href: "/redeem", icon: ScanLineIcon },
  { area: "shifts", href: "/shifts", icon: VaultIcon },
  { area: "vouchers", href: "/vouchers", icon: TicketIcon },
  { area: "promotions", href: "/promotions", icon: PercentIcon },
  { area: "paymentMethods", href: "/payment-methods", icon: WalletCardsIcon },
  { area: "refunds", href: "/refunds", icon: Undo2Icon },
  { area: "reconciliation", href: "/reconciliation", icon: ScaleIcon },
  { area: "failures", href: "/failures", icon: CircleAlertIcon },
  { area: "alerts", href: "/alerts", icon: BellIcon },
  { area: "feedback", href: "/feedback", icon: MessageSquareTextIcon },
  { area: "analytics", href: "/analytics", icon: ChartColumnIcon },
  { area: "reports", href: "/reports/daily", icon: ClipboardListIcon },
  { area: "team", href: "/team", icon: UsersIcon },
  { area: "stores", href: "/stores", icon: StoreIcon },
  { area: "guides", href: "/guides", icon: GraduationCapIcon },
  { area: "settings", href: "/settings", icon: SettingsIcon },
];

export function isActive(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
