// Nationalities that agencies confuse for one child: neighbouring countries with one language or
// people across a border, recorded one way by Border Force and another by the council.

import countries from 'i18n-iso-countries';

export const CONFUSED_PAIRS: readonly (readonly [string, string])[] = [
  ['ER', 'ET'], // Eritrea and Ethiopia: Tigrinya speakers on both sides of the border
  ['SD', 'SS'], // Sudan and South Sudan: one country until 2011
  ['IQ', 'IR'], // Kurds of Iraq and Iran
  ['IQ', 'SY'], // Kurds of Iraq and Syria
  ['SY', 'TR'], // Kurds of Syria and Turkey
  ['IQ', 'TR'], // Kurds of Iraq and Turkey
  ['AF', 'IR'], // Afghans raised in Iran; Dari and Farsi
  ['AF', 'PK'], // Pashtuns either side of the Durand Line
  ['AL', 'XK'], // Albanians of Albania and Kosovo
  ['SO', 'ET'], // Somalis of Ethiopia's Somali Region
  ['SO', 'KE'], // Somalis of north-eastern Kenya
  ['VN', 'CN'], // Vietnamese children moved through China
  ['CD', 'CG'], // the two Congos
  ['GN', 'GW'], // the two Guineas
];

const CONFUSED = new Set(CONFUSED_PAIRS.flatMap(([a, b]) => [`${a}:${b}`, `${b}:${a}`]));

/** Whether two nationalities (alpha-2) are commonly recorded for one child, one by one agency and one by another. */
export const commonlyConfused = (a: string, b: string): boolean => CONFUSED.has(`${a}:${b}`);

/** ISO 3166-1 alpha-3 to alpha-2 (ERI → ER), or null when the code is not a country's. Kosovo's user-assigned XKX too. */
export function alpha2Of(alpha3: string): string | null {
  const code = alpha3.toUpperCase();
  if (code === 'XKX' || code === 'XKK') return 'XK';
  return countries.alpha3ToAlpha2(code) ?? null;
}
