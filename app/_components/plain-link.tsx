"use client";

import { useRouter } from "next/navigation";
import { createContext, useRef, useTransition, type ComponentProps } from "react";

/** Whether the page the enclosing PlainLink opens is on its way (LinkPendingMark shows it). */
export const LinkPending = createContext(false);

/**
 * The app's link, in place of next/link (whose own script, about 2.5 KB gzip, every page would
 * download): a plain click moves within the app (no reload; `replace` leaves no history
 * entry; the new page scrolls to its top, as next/link's default). A click with a modifier key,
 * one on a link with a target or a download, is the browser's. The page is prefetched the first
 * time the link is pointed at (a finger's touch is a pointer too) or focused, not when it
 * scrolls into view: most pages are dynamic, so a prefetch of every link shown would buy little
 * for its requests.
 */
export function PlainLink({
  href,
  replace = false,
  onClick,
  children,
  ...props
}: Omit<ComponentProps<"a">, "href"> & { href: string; replace?: boolean }) {
  const router = useRouter();
  // The router navigates inside a transition of its own; this one around it stays pending until
  // the new page is shown, or until a later navigation's page is (React commits them together).
  const [pending, startTransition] = useTransition();
  const prefetched = useRef<string>(null);
  const prefetch = () => {
    if (prefetched.current === href) return;
    prefetched.current = href;
    router.prefetch(href);
  };
  return (
    <a
      {...props}
      href={href}
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onClick={(e) => {
        onClick?.(e);
        const { target } = e.currentTarget;
        if (
          e.defaultPrevented ||
          e.button !== 0 ||
          e.metaKey ||
          e.ctrlKey ||
          e.shiftKey ||
          e.altKey ||
          (target && target !== "_self") ||
          e.currentTarget.hasAttribute("download")
        )
          return;
        e.preventDefault();
        startTransition(() => (replace ? router.replace(href) : router.push(href)));
      }}
    >
      <LinkPending value={pending}>{children}</LinkPending>
    </a>
  );
}
