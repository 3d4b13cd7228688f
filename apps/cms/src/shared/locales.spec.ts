import { fallbackChain, LOCALE } from './locales';

describe('fallbackChain', () => {
  it('tries the locale, its shorter prefixes, then the default', () => {
    expect(fallbackChain('de-AT', 'en')).toEqual(['de-AT', 'de', 'en']);
    expect(fallbackChain('zh-Hant-TW', 'en')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
  });

  it('does not repeat the default', () => {
    expect(fallbackChain('en', 'en')).toEqual(['en']);
    expect(fallbackChain('en-GB', 'en')).toEqual(['en-GB', 'en']);
  });

  it('accepts locale tags and refuses other text', () => {
    expect(['en', 'de-AT', 'zh-Hant'].every((l) => LOCALE.test(l))).toBe(true);
    expect(['EN', 'english', 'de_AT', '', 'x'].some((l) => LOCALE.test(l))).toBe(false);
  });
});
