import { nestsDeeperThan } from './request-body';

describe('nestsDeeperThan', () => {
  const arrays = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

  it('counts the body itself as level 1, arrays and objects alike', () => {
    expect(nestsDeeperThan(arrays(32), 32)).toBe(false);
    expect(nestsDeeperThan(arrays(33), 32)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('finds the deep branch among shallow ones', () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2, 3], c: { d: arrays(31) } }, 32)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2, 3], c: { d: arrays(30) } }, 32)).toBe(false);
  });

  it('finds no nesting in a scalar or an absent body', () => {
    for (const body of [undefined, null, 'text', 7, true]) expect(nestsDeeperThan(body, 1)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
  });

  it('answers for a body 100,000 levels deep (which JSON.parse reads without recursing)', () => {
    expect(nestsDeeperThan(arrays(100_000), 32)).toBe(true);
  });
});
