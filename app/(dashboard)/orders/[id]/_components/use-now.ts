"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs` while the component is shown (countdowns).
 * Null until the component has mounted: the server renders the page earlier than the browser
 * hydrates it, so a clock read during rendering would differ between the two and break
 * hydration (React error #418). Callers show a placeholder for that first moment.
 */
export function useNow(intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
