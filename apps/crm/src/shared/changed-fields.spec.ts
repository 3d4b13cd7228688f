import { changedFields } from './changed-fields';

describe('changedFields', () => {
  const current = { name: 'Acme', phone: '+1 555' as string | null, domain: null as string | null };

  it('names only fields given with a different value, in field order', () => {
    expect(changedFields(['name', 'phone', 'domain'], { domain: 'acme.test', name: 'Acme' }, current)).toEqual(['domain']);
    expect(changedFields(['name', 'phone', 'domain'], { phone: '+1 556', name: 'Acme Ltd' }, current)).toEqual(['name', 'phone']);
  });

  it('treats null as clearing and undefined as leaving alone', () => {
    expect(changedFields(['name', 'phone', 'domain'], { phone: null, domain: undefined }, current)).toEqual(['phone']);
    expect(changedFields(['name', 'phone', 'domain'], { domain: null }, current)).toEqual([]);
  });
});
