/**
 * The currencies an order may be in, with their minor units: domain code, because the spec can say
 * what a code looks like (`pattern` ^[A-Z]{3}$) but not which codes exist, nor that an amount's
 * digits after the point depend on its currency (JPY 0, EUR 2, BHD 3).
 *
 * Source: ISO 4217 List One (current currencies and funds), as published 2025-05-12 by SIX
 * Financial Information AG, the standard's maintenance agency; reviewed 2026-12-02. Left out, as
 * no shop prices goods in them:
 * - funds codes: BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW (CLF and UYW are also the only codes
 *   with 4 minor units: every currency here has at most 3, the spec's `scale` of prices and totals,
 *   which a test holds this table to);
 * - precious metals: XAG, XAU, XPD, XPT;
 * - units of account and bond-market units: XAD, XBA, XBB, XBC, XBD, XDR, XSU, XUA;
 * - the testing code XTS and XXX ("no currency");
 * - BGN, withdrawn when Bulgaria adopted the euro on 2026-01-01 (still in the 2025 list).
 * When the agency publishes an amendment (a new code such as XCG in 2025, or one withdrawn),
 * change this table: adding a code is safe, removing one refuses new orders in it.
 */
/** How many digits an amount may have after the point in a currency (its ISO 4217 minor units). */
export type MinorUnits = 0 | 2 | 3;

/** The codes, grouped by minor units, each group in alphabetical order. */
const CODES_BY_MINOR_UNITS: Readonly<Record<MinorUnits, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
    'CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL ' +
    'HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT ' +
    'MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB ' +
    'SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH ' +
    'USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
};

/** Every accepted code with its minor units. */
export const CURRENCY_MINOR_UNITS: ReadonlyMap<string, MinorUnits> = new Map(
  ([0, 2, 3] as const).flatMap((units) =>
    CODES_BY_MINOR_UNITS[units].split(' ').map((code) => [code, units] as const),
  ),
);

/** The minor units of an accepted currency; undefined for any other code. */
export function minorUnitsOf(code: string): MinorUnits | undefined {
  return CURRENCY_MINOR_UNITS.get(code);
}
