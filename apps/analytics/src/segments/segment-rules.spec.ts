import { hasTimeWindow, parseRule, ruleSql, type SegmentRule } from './segment-rules';

describe('segment rules', () => {
  const whitepaperNoDeal = '{"all":[{"reported":"cms.content.downloaded","withinDays":30},{"not":{"customer":"crm.deal.won"}}]}';

  it('reads the rule language', () => {
    expect(parseRule(whitepaperNoDeal)).toEqual({
      rule: { all: [{ reported: 'cms.content.downloaded', withinDays: 30 }, { not: { customer: 'crm.deal.won' } }] },
    });
    expect(parseRule('{"trait":"plan","equals":{"tier":2}}')).toEqual({ rule: { trait: 'plan', equals: { tier: 2 } } });
  });

  it.each([
    ['not JSON', '{all:', /not valid JSON/],
    ['an unknown condition', '{"visited":"/pricing"}', /rule/],
    ['an unknown person event', '{"reported":"crm.deal.won"}', /rule/],
    ['a window of 0 days', '{"tracked":"Signed Up","withinDays":0}', /rule/],
    ['a trait with neither equals nor exists', '{"trait":"plan"}', /rule/],
    ['an empty all', '{"all":[]}', /rule/],
    ['nesting past 6 levels', JSON.stringify([1, 2, 3, 4, 5, 6, 7].reduce<object>((r) => ({ not: r }), { trait: 'a', exists: true })), /deeper than 6/],
  ])('refuses %s', (_, text, reason) => {
    const parsed = parseRule(text);
    expect('error' in parsed && parsed.error).toMatch(reason);
  });

  it('knows which rules time can change', () => {
    expect(hasTimeWindow((parseRule(whitepaperNoDeal) as { rule: SegmentRule }).rule)).toBe(true);
    expect(hasTimeWindow({ any: [{ trait: 'a', exists: true }, { customer: 'crm.deal.won' }] })).toBe(false);
  });

  it('binds every value as a parameter', () => {
    const params: unknown[] = [];
    const sql = ruleSql(
      {
        all: [
          { trait: "it's", equals: "x'; DROP TABLE identities; --" },
          { tracked: 'Signed Up', withinDays: 7, atLeast: 2 },
        ],
      },
      params,
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("it's");
    expect(params).toEqual(["it's", JSON.stringify("x'; DROP TABLE identities; --"), 'Signed Up', 7, 2]);
  });
});
