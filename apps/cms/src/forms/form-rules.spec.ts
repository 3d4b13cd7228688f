import { checkSubmission, filledHoneypot, type FormDefinition, FormFieldKind, isEmail } from './form-rules';

const form: FormDefinition = {
  consentVersion: '2026-01',
  fields: [
    { name: 'role', label: 'Role', kind: FormFieldKind.SELECT, required: true, options: ['cto', 'cfo'] },
    { name: 'newsletter', label: 'Newsletter', kind: FormFieldKind.CHECKBOX, required: false, options: null },
    { name: 'phone', label: 'Phone', kind: FormFieldKind.PHONE, required: false, options: null },
  ],
};
const valid = { email: 'ada@example.com', firstName: ' Ada ', consent: true, consentVersion: '2026-01', fields: { role: 'cto', newsletter: true } };

describe('checkSubmission', () => {
  it('accepts a complete submission, trimmed, with fields as text', () => {
    expect(checkSubmission(form, valid)).toEqual({
      ok: true,
      submission: { email: 'ada@example.com', firstName: 'Ada', lastName: null, company: null, anonymousId: null, fields: { role: 'cto', newsletter: 'true' } },
    });
  });

  it('refuses a malformed email and missing consent, naming them', () => {
    expect(checkSubmission(form, { ...valid, email: 'ada@', consent: false })).toEqual({
      ok: false,
      problems: { email: ['must be an email address such as name@example.com'], consent: ['must be true: the visitor agrees to the consent text'] },
    });
    const missing = checkSubmission(form, { email: 'ada@example.com', fields: { role: 'cto' } });
    expect(missing.ok).toBe(false);
    expect(Object.keys((missing as { problems: object }).problems).sort()).toEqual(['consent', 'consentVersion']);
  });

  it('refuses an outdated consent version, unknown and invalid fields', () => {
    const check = checkSubmission(form, { ...valid, consentVersion: '2025-01', fields: { role: 'ceo', phone: 'call me', extra: 'x' } });
    expect(check).toEqual({
      ok: false,
      problems: {
        consentVersion: ['must be 2026-01, the version of the consent text now shown'],
        'fields.extra': ['is not a field of this form'],
        'fields.role': ['must be one of cto, cfo'],
        'fields.phone': ['must be a phone number'],
      },
    });
  });

  it('knows emails and honeypots', () => {
    expect(['a@b.co', 'first.last+tag@sub.example.org'].every(isEmail)).toBe(true);
    expect(['a@b', '@b.co', 'a b@c.co', 'a@-b.co', `${'x'.repeat(250)}@b.co`].some(isEmail)).toBe(false);
    expect(filledHoneypot({ website: 'http://spam' })).toBe(true);
    expect(filledHoneypot({ website: ' ' })).toBe(false);
    expect(filledHoneypot(null)).toBe(false);
  });
});
