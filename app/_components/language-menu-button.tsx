"use client";

import { useRouter } from "next/navigation";
import {
  useEffect,
  useId,
  useRef,
  useState,
  useTransition,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";

/** The browser half of LanguageMenu: its words, icons and looks come from the server. */
export function LanguageMenuButton({
  cookie,
  locale,
  label,
  className,
  icon,
  check,
}: {
  /** The cookie that keeps the choice. */
  cookie: string;
  locale: Locale;
  label: string;
  className: string;
  icon: ReactNode;
  /** Marks the language in use. */
  check: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const menuId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  // Opened: focus goes to the language in use, as a menu of radio items does.
  useEffect(() => {
    if (open) items.current[locales.indexOf(locale)]?.focus();
  }, [open, locale]);

  function close() {
    setOpen(false);
    trigger.current?.focus();
  }

  function choose(next: Locale) {
    close();
    if (next === locale) return;
    setPreferenceCookie(cookie, next);
    startTransition(() => router.refresh());
  }

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const at = items.current.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => items.current[(to + locales.length) % locales.length]?.focus();
    if (e.key === "Escape" || e.key === "Tab") close();
    else if (e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(locales.length - 1);
    else return;
    e.preventDefault();
  }

  return (
    <div
      className="relative"
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={trigger}
        type="button"
        className={className}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={pending}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {icon}
        <span className="hidden sm:inline">{localeNames[locale]}</span>
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="bg-popover text-popover-foreground absolute top-full right-0 z-50 mt-1.5 min-w-[12rem] rounded-lg border p-1 shadow-md"
        >
          {locales.map((l, i) => (
            <button
              key={l}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitemradio"
              aria-checked={l === locale}
              lang={l}
              tabIndex={-1}
              onClick={() => choose(l)}
              className="hover:bg-accent hover:text-accent-foreground focus:bg-accent focus:text-accent-foreground flex w-full cursor-default items-center gap-2 rounded-md px-2 py-2 text-left text-sm outline-none"
            >
              <span aria-hidden className="flex size-4 items-center justify-center">
                {l === locale ? check : null}
              </span>
              {localeNames[l]}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
