"use client";

import { BookOpenIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import { cn } from "@/app/_lib/cn";

/**
 * A link from any screen to the training guide for it, e.g. `<GuideLink slug="redeem-voucher" />`
 * on the redeem screen. Without children its text is `guides.links.<slug>` (or
 * `guides.links.openGuide`, "Guide"): the screens showing one are sent that group only.
 */
const guideLinkColours = { default: "text-primary", plain: "" };

export function GuideLink({
  slug,
  children,
  className,
  variant = "default",
}: {
  slug: string;
  children?: ReactNode;
  className?: string;
  /** `plain`: the colour the caller's (a link inside a coloured notice). */
  variant?: keyof typeof guideLinkColours;
}) {
  const t = useTranslations("guides.links");
  // Slugs are known at run time: looked up untyped.
  const label = slug as Parameters<typeof t>[0];
  return (
    <PlainLink
      href={`/guides/${slug}`}
      className={cn(
        "inline-flex items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline",
        guideLinkColours[variant],
        className,
      )}
    >
      <BookOpenIcon className="size-4" aria-hidden />
      {children ?? (t.has(label) ? t(label) : t("openGuide"))}
    </PlainLink>
  );
}
