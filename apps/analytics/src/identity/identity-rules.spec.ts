import fc from 'fast-check';
import { canonicalOf, edge, ID_KINDS, ID_LIMITS, identifier, type IdKey, keyOf, parseKey, partition, profileIdOf } from './identity-rules';

const groups = (result: Map<IdKey, IdKey>) => {
  const byCanonical = new Map<IdKey, IdKey[]>();
  for (const [key, canonical] of result) byCanonical.set(canonical, [...(byCanonical.get(canonical) ?? []), key].sort());
  return [...byCanonical.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
};

describe('identity rules', () => {
  it.each(['', '  ', 'null', 'NULL', 'undefined', 'anonymous', '0', '-1', '00000000-0000-0000-0000-000000000000', '000'])(
    'never lets %j join profiles',
    (value) => {
      expect(identifier('user_id', value)).toBeNull();
      expect(identifier('anonymous_id', value)).toBeNull();
    },
  );

  it('reads emails case-insensitively and refuses what is not one', () => {
    expect(identifier('email', ' Ann@Example.COM ')).toBe('email:ann@example.com');
    expect(identifier('email', 'ann')).toBeNull();
    expect(identifier('user_id', 42)).toBe('user_id:42');
    expect(identifier('user_id', { id: 1 })).toBeNull();
  });

  it('keeps two people apart on a shared device: a profile holds one userId', () => {
    const device = keyOf('anonymous_id', 'tablet');
    const ann = keyOf('user_id', 'ann');
    const bob = keyOf('user_id', 'bob');
    const result = partition({ nodes: [device, ann, bob], edges: [edge(device, bob), edge(device, ann)] });
    expect(result.get(ann)).not.toBe(result.get(bob));
    // The device goes with the userId that sorts first, whatever the order the links came in.
    expect(result.get(device)).toBe(ann);
  });

  it('prefers a link of stronger identifiers when the limits allow only one', () => {
    const ann = keyOf('user_id', 'ann');
    const mail = keyOf('email', 'ann@example.com');
    const bobMail = keyOf('email', 'bob@example.com');
    const bob = keyOf('user_id', 'bob');
    const result = partition({ nodes: [], edges: [edge(ann, mail), edge(bob, bobMail), edge(mail, bob)] });
    expect(groups(result)).toEqual(
      [
        [bobMail, bob],
        [mail, ann],
      ]
        .map((g) => g.sort())
        .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
  });

  it('lets an admin merge past the limits and split an identifier off', () => {
    const ann = keyOf('user_id', 'ann');
    const ann2 = keyOf('user_id', 'ann-old');
    const device = keyOf('anonymous_id', 'd');
    expect(new Set(partition({ nodes: [ann, ann2], edges: [], forced: [[ann, ann2]] }).values()).size).toBe(1);
    const split = partition({ nodes: [ann, device], edges: [edge(ann, device)], detached: [device] });
    expect(split.get(device)).toBe(device);
  });

  it('names a profile by its strongest identifier, with a stable uuid', () => {
    expect(canonicalOf(['anonymous_id:a', 'email:z@x.io', 'email:b@x.io'])).toBe('email:b@x.io');
    expect(profileIdOf('user_id:ann')).toBe(profileIdOf('user_id:ann'));
    expect(profileIdOf('user_id:ann')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  describe('properties', () => {
    const key = fc.tuple(fc.constantFrom(...ID_KINDS), fc.integer({ min: 0, max: 6 })).map(([kind, n]) => keyOf(kind, `v${n}`));
    const graph = fc.record({
      edges: fc.array(fc.tuple(key, key), { maxLength: 40 }),
      forced: fc.array(fc.tuple(key, key), { maxLength: 3 }),
      detached: fc.array(key, { maxLength: 2 }),
    });

    it('gives the same profiles whatever the order and repetition of links', () => {
      fc.assert(
        fc.property(graph, fc.integer(), (g, seed) => {
          const shuffled = [...g.edges, ...g.edges.slice(0, 5)]
            .map((e, i) => ({ e: (i + seed) % 2 ? ([e[1], e[0]] as [IdKey, IdKey]) : e, r: Math.sin(seed + i) }))
            .sort((a, b) => a.r - b.r)
            .map((x) => x.e);
          const nodes = [...new Set(g.edges.flat())];
          const a = partition({ nodes, edges: g.edges, forced: g.forced, detached: g.detached });
          const b = partition({ nodes: [...nodes].reverse(), edges: shuffled, forced: [...g.forced].reverse(), detached: g.detached });
          expect(groups(b)).toEqual(groups(a));
          expect([...b].sort()).toEqual([...a].sort());
        }),
        { numRuns: 300 },
      );
    });

    it("never exceeds a kind's limit without an admin merge, and links what the limits allow", () => {
      fc.assert(
        fc.property(graph, (g) => {
          const result = partition({ nodes: [], edges: g.edges, detached: g.detached });
          for (const members of groups(result)) {
            for (const kind of ID_KINDS) expect(members.filter((m) => parseKey(m).kind === kind).length).toBeLessThanOrEqual(ID_LIMITS[kind]);
          }
          // A link between two single-kind-compatible profiles is never left untaken.
          for (const [a, b] of g.edges) {
            if (a === b || g.detached.includes(a) || g.detached.includes(b) || result.get(a) === result.get(b)) continue;
            const joined = [...result].filter(([, c]) => c === result.get(a) || c === result.get(b)).map(([k]) => parseKey(k).kind);
            expect(ID_KINDS.some((kind) => joined.filter((k) => k === kind).length > ID_LIMITS[kind])).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
