/** A locale tag: a language (2-3 letters), optionally a region or script, e.g. en, de-AT, zh-Hant. */
export const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The locales to try, in order, when a variant is missing: the tag itself,
 * then each shorter prefix (de-AT → de), then the default locale. A variant
 * in de-AT that does not exist is served from de, then from the default.
 */
export function fallbackChain(locale: string, defaultLocale: string): string[] {
  const chain: string[] = [];
  const parts = locale.split('-');
  for (let n = parts.length; n >= 1; n--) chain.push(parts.slice(0, n).join('-'));
  if (!chain.includes(defaultLocale)) chain.push(defaultLocale);
  return chain;
}
