"use client";

import { useSyncExternalStore } from "react";
import type { ExternalToast } from "sonner";

type Sonner = typeof import("sonner");
type Message = Parameters<Sonner["toast"]["success"]>[0];

let sonner: Promise<Sonner> | null = null;
let loaded: Sonner | null = null;
const listeners = new Set<() => void>();

/** sonner (its toasts, styles and Toaster: 12 KB gzip) is fetched by the first toast of a visit. */
function loadSonner(): Promise<Sonner> {
  return (sonner ??= import("sonner").then((s) => {
    loaded = s;
    for (const listener of listeners) listener();
    return s;
  }));
}

const shown =
  (kind: "success" | "error" | "info" | "message") => (message: Message, data?: ExternalToast) =>
    void loadSonner().then((s) => s.toast[kind](message, data));

/**
 * sonner's `toast`, as the console calls it, loaded on first use: most visits show no toast.
 * A toast made before its Toaster mounts is still shown (sonner replays the active ones).
 */
export const toast = {
  success: shown("success"),
  error: shown("error"),
  info: shown("info"),
  message: shown("message"),
};

/** sonner's Toaster, mounted once the first toast has loaded it. */
export function LazyToaster() {
  const s = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => loaded,
    () => null,
  );
  return s ? <s.Toaster richColors position="top-center" /> : null;
}
