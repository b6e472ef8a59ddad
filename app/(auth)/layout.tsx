import type { ReactNode } from "react";
import { ConsoleProviders } from "@/app/_trpc/console-providers";
import "@/app/globals.css";

/** Sign-in, first setup, password and two-factor screens: the console's data layer and toasts. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <ConsoleProviders>{children}</ConsoleProviders>;
}
