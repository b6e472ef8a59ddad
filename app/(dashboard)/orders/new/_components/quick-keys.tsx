"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { quickKeyFor } from "@/server/catalogue/catalogue.logic";

export interface QuickKeyItem {
  id: string;
  name: string;
  priceMinor: bigint;
  currency: string;
}

/** The store's usual items as large buttons, each with its letter: a tap or the key adds one. */
export function QuickKeys({
  items,
  onPick,
}: {
  items: QuickKeyItem[];
  onPick: (item: QuickKeyItem) => void;
}) {
  const t = useTranslations("newOrder");
  return (
    <section aria-labelledby="quick-keys-title" className="flex flex-col gap-2">
      <h3 id="quick-keys-title" className="text-sm font-medium">
        {t("quickKeys")}
      </h3>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
        {items.map((item, i) => {
          const key = quickKeyFor(i);
          return (
            <Button
              key={item.id}
              type="button"
              variant="outline"
              size="key"
              aria-keyshortcuts={key ?? undefined}
              onClick={() => onPick(item)}
            >
              <span className="flex w-full items-center justify-between gap-2">
                <span className="font-medium break-words">{item.name}</span>
                {key ? (
                  <kbd
                    aria-hidden
                    className="bg-muted text-muted-foreground rounded border px-1.5 font-mono text-xs uppercase"
                  >
                    {key}
                  </kbd>
                ) : null}
              </span>
              <Money
                minor={item.priceMinor}
                currency={item.currency}
                className="text-muted-foreground text-xs"
              />
            </Button>
          );
        })}
      </div>
    </section>
  );
}
