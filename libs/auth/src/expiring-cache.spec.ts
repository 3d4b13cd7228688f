import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  it('returns an entry until its time and never after', () => {
    const cache = new ExpiringCache<string>(10);
    const now = Date.now();
    cache.set('a', 'A', now + 1000);
    expect(cache.get('a', now + 999)).toBe('A');
    expect(cache.get('a', now + 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses entries that are already expired and drops the oldest past its capacity', () => {
    const cache = new ExpiringCache<number>(2);
    const later = Date.now() + 60_000;
    cache.set('stale', 0, Date.now() - 1);
    expect(cache.get('stale')).toBeUndefined();
    cache.set('a', 1, later);
    cache.set('b', 2, later);
    cache.set('c', 3, later);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    expect(cache.size).toBe(2);
  });
});
