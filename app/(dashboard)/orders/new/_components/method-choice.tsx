"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Radio } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";

export interface CounterMethod {
  id: string;
  label: string;
  kind: string;
}

/**
 * The payment method, chosen on the form itself: radios drawn as large buttons, each with its
 * digit (the form's shortcut); arrow keys move between them, Enter creates the order. "Later"
 * keeps today's way: the order opens and the method is chosen there.
 */
export function MethodChoice({
  methods,
  value,
  onChange,
  onEnter,
}: {
  methods: CounterMethod[];
  value: string;
  onChange: (methodId: string) => void;
  onEnter: () => void;
}) {
  const t = useTranslations("newOrder");
  const options = [...methods.map((m, i) => ({ ...m, key: String(i + 1) })), null];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">{t("method")}</legend>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {options.map((m) => (
          <label
            key={m?.id ?? "later"}
            className={cn(
              "has-[:focus-visible]:ring-ring/50 bg-card flex min-h-14 cursor-pointer items-center gap-3 rounded-lg border px-4 py-2 text-sm font-medium select-none has-[:focus-visible]:ring-[3px]",
              "has-[:checked]:border-primary has-[:checked]:bg-primary/10",
            )}
          >
            <Radio
              name="counter-method"
              value={m?.id ?? ""}
              checked={value === (m?.id ?? "")}
              onChange={() => onChange(m?.id ?? "")}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  onEnter();
                }
              }}
              className="sr-only"
            />
            {m ? (
              <kbd
                aria-hidden
                className="bg-muted text-muted-foreground rounded border px-1.5 font-mono text-xs"
              >
                {m.key}
              </kbd>
            ) : null}
            <span>{m ? m.label : t("methodLater")}</span>
          </label>
        ))}
      </div>
      <p className="text-muted-foreground text-xs">{t("methodHint")}</p>
    </fieldset>
  );
}
