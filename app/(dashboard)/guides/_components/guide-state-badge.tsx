"use client";

import { CheckCircle2Icon, CircleDashedIcon, CircleDotIcon, RotateCcwIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { cn } from "@/app/_lib/cn";
import type { GuideState } from "../_lib/types";

const look: Record<GuideState, { icon: typeof CheckCircle2Icon; className: string }> = {
  not_started: { icon: CircleDashedIcon, className: "bg-muted text-muted-foreground" },
  acknowledged: { icon: CircleDotIcon, className: "bg-sky-100 text-sky-900" },
  completed: { icon: CheckCircle2Icon, className: "bg-emerald-100 text-emerald-900" },
  outdated: { icon: RotateCcwIcon, className: "bg-amber-100 text-amber-900" },
};

/** A guide's state for one person: an icon and a word, never colour alone. */
export function GuideStateBadge({ state, className }: { state: GuideState; className?: string }) {
  const t = useTranslations("guides.state");
  const { icon: Icon, className: colours } = look[state];
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        colours,
        className,
      )}
    >
      <Icon className="size-3.5" aria-hidden />
      {t(state)}
    </span>
  );
}
