import type { ReactNode } from "react";
import "@/app/customer.css";

/**
 * The layout of a customer's page (the receipt, the sandbox wallet; the pay page has a layout
 * of its own, which imports the same): the customer's small stylesheet, not the console's.
 */
export default function CustomerLayout({ children }: { children: ReactNode }) {
  return children;
}
