import { fieldsToFill } from './contact-rules';
import type { ContactRow } from './contacts.repository';

const contact = (fields: Partial<ContactRow>): ContactRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  customerId: null,
  firstName: 'Ada',
  lastName: '',
  email: null,
  phone: null,
  title: null,
  ownerId: null,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-01T00:00:00.000Z'),
  ...fields,
});

describe('fieldsToFill', () => {
  it('takes what the survivor lacks and the merged contact has, in field order', () => {
    const survivor = contact({ email: 'ada@x.test' });
    const merged = contact({ firstName: 'A.', lastName: 'Lovelace', email: 'a@x.test', phone: '+44 1', customerId: '00000000-0000-4000-8000-0000000000c1' });
    expect(fieldsToFill(survivor, merged)).toEqual(['customerId', 'lastName', 'phone']);
  });

  it('keeps every value the survivor has, an empty last name counting as none', () => {
    const survivor = contact({ lastName: 'Byron', title: 'CEO', ownerId: 'u1' });
    expect(fieldsToFill(survivor, contact({ lastName: 'Lovelace', title: 'CTO', ownerId: 'u2' }))).toEqual([]);
    expect(fieldsToFill(contact({ lastName: '' }), contact({ lastName: 'Lovelace' }))).toEqual(['lastName']);
  });

  it('fills nothing from a merged contact that has nothing', () => {
    expect(fieldsToFill(contact({}), contact({ lastName: '' }))).toEqual([]);
  });
});
