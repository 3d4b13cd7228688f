/**
 * Traits that say who a person is or how to reach them: shown only to
 * callers holding the personal-data permission (contact.pii:read), as crm
 * does for contacts' emails and phones.
 */
export const PERSONAL_TRAITS = new Set([
  'email',
  'phone',
  'name',
  'firstname',
  'lastname',
  'username',
  'address',
  'street',
  'city',
  'postalcode',
  'zip',
  'birthday',
  'age',
  'gender',
  'avatar',
  'ip',
]);

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

export const isPersonalTrait = (name: string) => PERSONAL_TRAITS.has(normalised(name));
