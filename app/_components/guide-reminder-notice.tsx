"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { BellRingIcon, GraduationCapIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import type { Locale } from "@/app/_i18n/config";
import { useTRPC } from "@/app/_trpc/client";

/**
 * On the console's home page: how many of the person's guides still wait for them, and which
 * ones an owner or manager reminded them of. Nothing when all are done.
 */
export function GuideReminderNotice() {
  const t = useTranslations("guides.notice");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const pending = useQuery(trpc.guides.pending.queryOptions({ locale }));
  if (!pending.data || pending.data.pending === 0) return null;
  const { reminded } = pending.data;
  return (
    <section
      aria-labelledby="guide-notice-title"
      className={
        reminded.length > 0
          ? "flex flex-col gap-2 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950"
          : "bg-card flex flex-col gap-2 rounded-xl border p-4"
      }
    >
      <h2 id="guide-notice-title" className="flex items-center gap-2 font-semibold">
        {reminded.length > 0 ? (
          <BellRingIcon className="size-4" aria-hidden />
        ) : (
          <GraduationCapIcon className="size-4" aria-hidden />
        )}
        {t("title", { count: pending.data.pending })}
      </h2>
      {reminded.length > 0 ? (
        <p className="text-sm">
          {t("reminded")}{" "}
          {reminded.map((r, i) => (
            <span key={r.slug}>
              {i > 0 ? "、" : null}
              <PlainLink
                href={`/guides/${r.slug}`}
                className="font-medium underline underline-offset-4"
              >
                {r.title}
              </PlainLink>
            </span>
          ))}
        </p>
      ) : null}
      <PlainLink
        href="/guides"
        className="text-primary w-fit text-sm font-medium underline-offset-4 hover:underline"
      >
        {t("open")}
      </PlainLink>
    </section>
  );
}
