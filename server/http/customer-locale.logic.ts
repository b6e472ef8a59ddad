/**
 * Set by the proxy on requests for the customer's pages, whose language is the customer's:
 * the console's signed-in user and its language cookie belong to the shop's staff, who may
 * well read another language than the customer holding the phone (or the counter tablet).
 */
export const customerPageHeader = "x-hexiao-customer-page";

/** The pay page, the receipt and the sandbox wallet: the pages a customer opens. */
const customerPagePrefixes = ["/pay/", "/r/", "/sandbox/"];

export function isCustomerPage(pathname: string): boolean {
  return customerPagePrefixes.some((prefix) => pathname.startsWith(prefix));
}

/** The customer's own switch (its cookie), else the browser's preference, else Chinese. */
export { chosenLocale as customerLocale } from "@/scripts/locale-choice.mjs";
