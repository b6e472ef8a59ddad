import type { IntlChoices } from "@/app/_lib/intl-choices";

/**
 * Every time zone and currency this server's Intl data knows (what merchant.schema accepts),
 * for the pickers (app/_lib/intl-choices.ts). The same for everyone and only changed by a
 * Node.js upgrade, so browsers keep it a day instead of each settings page carrying ~430 zones
 * and ~300 currency names twice (in its HTML and its React payload).
 */
const timeZones = Intl.supportedValuesOf("timeZone");
// Some ICU builds list UTC only as an alias; the picker suggests it and the server takes it.
if (!timeZones.includes("UTC")) timeZones.push("UTC");
const body = JSON.stringify({
  timeZones,
  currencies: Intl.supportedValuesOf("currency"),
} satisfies IntlChoices);

export function GET() {
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
