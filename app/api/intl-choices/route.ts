import type { IntlChoices } from "@/app/_lib/intl-choices";
import { acceptedCurrencies, acceptedTimeZones } from "@/server/merchants/merchant.schema";
import { currencyOfZone } from "@/server/merchants/zone-currency";

/**
 * Every time zone and currency a shop may choose (merchant.schema's lists), for the pickers
 * (app/_lib/intl-choices.ts). The same for everyone and only changed by a Node.js upgrade, so
 * browsers keep it a day instead of each settings page carrying ~430 zones and ~300 currency
 * names twice (in its HTML and its React payload).
 */
const body = JSON.stringify({
  timeZones: acceptedTimeZones,
  currencies: acceptedCurrencies,
  // For first-run setup; a list beside the zones costs ~0.7 KB gzip, a map from zone ~3 KB.
  zoneCurrencies: acceptedTimeZones.map((zone) => currencyOfZone(zone) ?? ""),
} satisfies IntlChoices);

export function GET() {
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
