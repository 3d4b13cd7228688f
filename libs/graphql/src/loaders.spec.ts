import { byKeys, groupByKey } from './loaders';

describe('batch results in the order of the keys asked for', () => {
  it('groupByKey: one list per key, rows in their order, empty for a key without rows, rows of other keys dropped', () => {
    const rows = [
      { parent: 'b', n: 1 },
      { parent: 'a', n: 2 },
      { parent: 'b', n: 3 },
      { parent: null, n: 4 },
      { parent: 'x', n: 5 },
    ];
    expect(groupByKey(['a', 'b', 'c'], rows, (r) => r.parent).map((group) => group.map((r) => r.n))).toEqual([[2], [1, 3], []]);
  });

  it('byKeys: the row of each key, the fallback where none', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(
      byKeys(
        ['a', 'c', 'b'],
        rows,
        (r) => r.id,
        (key) => `no ${key}`,
        (r) => r.id.toUpperCase(),
      ),
    ).toEqual(['A', 'no c', 'B']);
  });
});
