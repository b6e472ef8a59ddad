"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A value only the browser can read and that does not change while the page is open (the
 * browser's time zone, whether this script runs): `onServer` in the server's HTML and during
 * hydration, so both draw the same, then `read()`'s.
 */
export function useBrowserValue<T>(read: () => T, onServer: T): T {
  return useSyncExternalStore(noSubscription, read, () => onServer);
}

/**
 * Whether this component's script is running (false in the server's HTML and during
 * hydration). A form's submit button stays disabled until then: pressed earlier, the browser
 * would submit the form natively, reloading the page with what was typed in the address bar.
 */
export function useHydrated(): boolean {
  return useBrowserValue(() => true, false);
}
