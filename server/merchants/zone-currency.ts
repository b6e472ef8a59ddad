import { acceptedCurrencies } from "@/server/merchants/merchant.schema";

/**
 * The currency a new shop most likely keeps its books in, from the time zone it chose: a shop
 * set up in America/New_York should not start on yuan. Only a suggestion for first-run setup
 * (web and terminal); the person can pick any other currency.
 *
 * Intl knows which zones each region has (Intl.Locale's time zones) but not a region's
 * currency, so that half is this table: ISO 4217 code → the ISO 3166 regions whose everyday
 * currency it is (as of 2026: Bulgaria and Croatia on the euro, Curaçao and Sint Maarten on
 * the Caribbean guilder).
 */
const regionsByCurrency: Record<string, string> = {
  EUR: "AD AT AX BE BG BL CY DE EE ES FI FR GF GP GR HR IE IT LT LU LV MC ME MF MQ MT NL PM PT RE SI SK SM TF VA XK YT",
  USD: "AS BQ EC FM GU IO MH MP PR PW SV TC TL UM US VG VI",
  XOF: "BF BJ CI GW ML NE SN TG",
  XAF: "CF CG CM GA GQ TD",
  XCD: "AG AI DM GD KN LC MS VC",
  XPF: "NC PF WF",
  XCG: "CW SX",
  AUD: "AU CC CX HM KI NF NR TV",
  NZD: "CK NU NZ PN TK",
  GBP: "GB GG GS IM JE",
  NOK: "BV NO SJ",
  DKK: "DK FO GL",
  CHF: "CH LI",
  MAD: "EH MA",
  ILS: "IL PS",
  CNY: "CN",
  HKD: "HK",
  MOP: "MO",
  TWD: "TW",
  JPY: "JP",
  KRW: "KR",
  SGD: "SG",
  MYR: "MY",
  THB: "TH",
  VND: "VN",
  IDR: "ID",
  PHP: "PH",
  INR: "IN",
  CAD: "CA",
  MXN: "MX",
  BRL: "BR",
  AED: "AE",
  AFN: "AF",
  ALL: "AL",
  AMD: "AM",
  AOA: "AO",
  ARS: "AR",
  AWG: "AW",
  AZN: "AZ",
  BAM: "BA",
  BBD: "BB",
  BDT: "BD",
  BHD: "BH",
  BIF: "BI",
  BMD: "BM",
  BND: "BN",
  BOB: "BO",
  BSD: "BS",
  BTN: "BT",
  BWP: "BW",
  BYN: "BY",
  BZD: "BZ",
  CDF: "CD",
  CLP: "CL",
  COP: "CO",
  CRC: "CR",
  CUP: "CU",
  CVE: "CV",
  CZK: "CZ",
  DJF: "DJ",
  DOP: "DO",
  DZD: "DZ",
  EGP: "EG",
  ERN: "ER",
  ETB: "ET",
  FJD: "FJ",
  FKP: "FK",
  GEL: "GE",
  GHS: "GH",
  GIP: "GI",
  GMD: "GM",
  GNF: "GN",
  GTQ: "GT",
  GYD: "GY",
  HNL: "HN",
  HTG: "HT",
  HUF: "HU",
  IQD: "IQ",
  IRR: "IR",
  ISK: "IS",
  JMD: "JM",
  JOD: "JO",
  KES: "KE",
  KGS: "KG",
  KHR: "KH",
  KMF: "KM",
  KPW: "KP",
  KWD: "KW",
  KYD: "KY",
  KZT: "KZ",
  LAK: "LA",
  LBP: "LB",
  LKR: "LK",
  LRD: "LR",
  LSL: "LS",
  LYD: "LY",
  MDL: "MD",
  MGA: "MG",
  MKD: "MK",
  MMK: "MM",
  MNT: "MN",
  MRU: "MR",
  MUR: "MU",
  MVR: "MV",
  MWK: "MW",
  MZN: "MZ",
  NAD: "NA",
  NGN: "NG",
  NIO: "NI",
  NPR: "NP",
  OMR: "OM",
  PAB: "PA",
  PEN: "PE",
  PGK: "PG",
  PKR: "PK",
  PLN: "PL",
  PYG: "PY",
  QAR: "QA",
  RON: "RO",
  RSD: "RS",
  RUB: "RU",
  RWF: "RW",
  SAR: "SA",
  SBD: "SB",
  SCR: "SC",
  SDG: "SD",
  SEK: "SE",
  SHP: "SH",
  SLE: "SL",
  SOS: "SO",
  SRD: "SR",
  SSP: "SS",
  STN: "ST",
  SYP: "SY",
  SZL: "SZ",
  TJS: "TJ",
  TMT: "TM",
  TND: "TN",
  TOP: "TO",
  TRY: "TR",
  TTD: "TT",
  TZS: "TZ",
  UAH: "UA",
  UGX: "UG",
  UYU: "UY",
  UZS: "UZ",
  VES: "VE",
  VUV: "VU",
  WST: "WS",
  YER: "YE",
  ZAR: "ZA",
  ZMW: "ZM",
  ZWG: "ZW",
};

/** Intl.Locale's zones of a region: `getTimeZones()` in newer engines, `timeZones` in Node 20. */
function zonesOfRegion(region: string): string[] {
  const locale = new Intl.Locale(`und-${region}`) as Intl.Locale & {
    getTimeZones?: () => string[] | undefined;
    timeZones?: string[];
  };
  return (locale.getTimeZones ? locale.getTimeZones() : locale.timeZones) ?? [];
}

/** One spelling per zone ("Asia/Kolkata" and "Asia/Calcutta" are one zone to ICU). */
function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let currencyByZone: Map<string, string> | undefined;

const accepted = new Set(acceptedCurrencies);

/**
 * The suggested currency of a time zone, or undefined (UTC, Antarctica, a zone this server's
 * Intl data cannot place, or a currency it does not know: a suggestion always passes the
 * settings' own check).
 */
export function currencyOfZone(zone: string): string | undefined {
  if (!currencyByZone) {
    currencyByZone = new Map();
    for (const [currency, regions] of Object.entries(regionsByCurrency)) {
      for (const region of regions.split(" ")) {
        for (const regionZone of zonesOfRegion(region)) {
          const canonical = canonicalZone(regionZone);
          if (canonical) currencyByZone.set(canonical, currency);
        }
      }
    }
  }
  const canonical = canonicalZone(zone);
  const currency = canonical ? currencyByZone.get(canonical) : undefined;
  return currency && accepted.has(currency) ? currency : undefined;
}
