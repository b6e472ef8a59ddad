import type { ReactNode } from "react";
import { ConsoleProviders } from "@/app/_trpc/console-providers";

/**
 * The auth screens that call the console's API and show toasts (first setup, the first
 * password, two-factor setup) get its data layer here; sign-in, beside this group, goes without.
 */
export default function AuthConsoleLayout({ children }: { children: ReactNode }) {
  return <ConsoleProviders>{children}</ConsoleProviders>;
}
