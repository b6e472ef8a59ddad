import type { ReactNode } from "react";
import "@/app/globals.css";

/**
 * Sign-in, first setup, password and two-factor screens. The console's data layer and toasts
 * (ConsoleProviders) are given to the screens that use them by the (console) group's layout:
 * sign-in calls /api/auth with fetch and shows no toast, so its first visit goes without
 * the query cache.
 */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return children;
}
