import { renderTemplate, unknownPlaceholders } from './template-render';

describe('email template rendering', () => {
  it('fills every known placeholder, spaces inside braces allowed', () => {
    expect(
      renderTemplate('Hi {{firstName}} {{ lastName }} <{{email}}> at {{company}}', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@x.test',
        company: 'Engines',
      }),
    ).toBe('Hi Ada Lovelace <ada@x.test> at Engines');
  });

  it('renders a missing value as an empty string', () => {
    expect(renderTemplate('Hello {{firstName}}, {{company}}!', { firstName: 'Bo', company: null })).toBe('Hello Bo, !');
  });

  it('inserts values verbatim, without HTML escaping or re-expansion', () => {
    expect(renderTemplate('{{firstName}}', { firstName: '<b>&{{email}}', email: 'no' })).toBe('<b>&{{email}}');
  });

  it('names unknown placeholders once each, and accepts text without any', () => {
    expect(unknownPlaceholders('{{firstName}} {{ phone }} {{x}} {{phone}}')).toEqual(['phone', 'x']);
    expect(unknownPlaceholders('plain { text } {{}}')).toEqual(['']);
    expect(unknownPlaceholders('plain text')).toEqual([]);
  });
});
