"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { clockSkew, formatCountdown } from "../_lib/format";

/**
 * The open request's time left, ticking on the server's clock (corrected only when the
 * phone's clock is far off). When it runs out, the page is fetched again: the server then
 * shows the request as expired (the wallet refuses it from that moment), without waiting
 * for the expiry job's live update. `label` is the sentence around the clock.
 */
export function CountdownText({
  expiresAt,
  serverNow,
  label: [before, after],
}: {
  expiresAt: number;
  serverNow: number;
  label: [before: string, after: string];
}) {
  const router = useRouter();
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const skew = clockSkew(serverNow, Date.now());
    const tick = () => setNow(Date.now() + skew);
    const first = setTimeout(tick, 0);
    const every = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [serverNow]);
  const left = expiresAt - now;
  const over = left <= 0;
  useEffect(() => {
    if (over) router.refresh();
  }, [over, router]);
  return `${before}${formatCountdown(left)}${after}`;
}
