import { prefixTsQuery } from './text-search';

describe('prefixTsQuery', () => {
  it('ANDs a prefix term per word', () => {
    expect(prefixTsQuery('  Acme   corp ')).toBe(`'acme':* & 'corp':*`);
  });

  it('keeps an email address whole', () => {
    expect(prefixTsQuery('Ops@Acme.test')).toBe(`'ops@acme.test':*`);
  });

  it('drops tsquery operators, quotes and backslashes', () => {
    expect(prefixTsQuery(`a|b & !c' (d):* <-> e\\`)).toBe(`'ab':* & 'c':* & 'd':* & 'e':*`);
  });

  it('treats a blank search as no filter', () => {
    expect(prefixTsQuery(undefined)).toBeNull();
    expect(prefixTsQuery('   ')).toBeNull();
  });

  it('refuses a search with nothing to look for', () => {
    expect(() => prefixTsQuery(`!!! '' & ..`)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});
