import type { Area } from "@/server/auth/roles.logic";

/**
 * Where each area lives; labels come from the `nav` messages, icons from the sprite
 * public/shell-icons.svg (a symbol per area, named as the area).
 */
export const navItems: { area: Area; href: string }[] = [
  { area: "home", href: "/" },
  { area: "orders", href: "/orders" },
  { area: "redeem", href: "/redeem" },
  { area: "shifts", href: "/shifts" },
  { area: "vouchers", href: "/vouchers" },
  { area: "promotions", href: "/promotions" },
  { area: "paymentMethods", href: "/payment-methods" },
  { area: "refunds", href: "/refunds" },
  { area: "reconciliation", href: "/reconciliation" },
  { area: "failures", href: "/failures" },
  { area: "alerts", href: "/alerts" },
  { area: "feedback", href: "/feedback" },
  { area: "analytics", href: "/analytics" },
  { area: "reports", href: "/reports/daily" },
  { area: "team", href: "/team" },
  { area: "stores", href: "/stores" },
  { area: "guides", href: "/guides" },
  { area: "settings", href: "/settings" },
];

export function isActive(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
