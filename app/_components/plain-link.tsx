"use client";

import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

/**
 * A link of the customer's pages: a plain click moves within the app as next/link's does
 * (no reload; `replace` leaves no history entry), without next/link's own script (prefetching
 * and its URL helpers), which would be a good part of what these pages download. A click
 * with a modifier key (new tab, new window) is the browser's.
 */
export function PlainLink({
  href,
  replace = false,
  ...props
}: Omit<ComponentProps<"a">, "href"> & { href: string; replace?: boolean }) {
  const router = useRouter();
  return (
    <a
      {...props}
      href={href}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (replace) router.replace(href);
        else router.push(href);
      }}
    />
  );
}
