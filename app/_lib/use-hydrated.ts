"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Whether this component's script is running (false in the server's HTML and during
 * hydration). A form's submit button stays disabled until then: pressed earlier, the browser
 * would submit the form natively, reloading the page with what was typed in the address bar.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
