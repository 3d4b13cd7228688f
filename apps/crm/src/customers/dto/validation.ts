/** Trims and lowercases (domains, emails compared case-insensitively keep their case elsewhere). */
export const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Digits, spaces, + ( ) . - / : what people type in a phone number. */
export const PHONE = /^\+?[0-9][0-9 ().\-/]{1,48}$/;
export const PHONE_MESSAGE = 'phone must be a phone number such as +44 20 7946 0000';

/** A host name such as acme.com: labels of letters, digits and hyphens. */
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const DOMAIN_MESSAGE = 'domain must be a host name such as acme.com';
