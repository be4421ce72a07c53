import { UnitOfWork } from '../src/database/unit-of-work';
import { SupervisionCase } from '../src/cases/case.entity';
import { CaseRepository } from '../src/cases/case.repository';
import { searchColumnsOf } from '../src/cases/case-search';
import { TestApp } from './support/test-app';
import { portableSql } from './support/test-database';

/** The search box of GET /cases as a person uses it, on the engine's full-text index. */
describe('searching the case list', () => {
  let t: TestApp;
  const opened: Record<string, { id: string; caseNumber: string }> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    const oh = t.actor('oh.field_officer');
    for (const [key, offenderName, offenderId] of [
      ['jose', 'José Álvarez Núñez', 'A-1234567'],
      ['smith', 'Ann Smith', 'A-1234'],
      ['smithson', 'Bob Smithson', null],
      ['obrien', "Mary O'Brien-Ruiz", 'B/77.1'],
      ['plain', 'Jose Alvarez', null],
    ] as const) {
      opened[key] = await t.cases.open({ offenderName, offenderId: offenderId ?? undefined, sendingState: 'OH', receivingState: 'TX' }, oh, null);
    }
  });
  afterAll(() => t.close());

  const found = async (q: string): Promise<string[]> => {
    const res = await (await t.as('oh.field_officer')).get(`/cases?limit=100&q=${encodeURIComponent(q)}`).expect(200);
    return res.body.items.map((c: { id: string }) => c.id);
  };
  const ids = (...keys: string[]) => keys.map((k) => opened[k].id);

  it('finds a name by any of its words, as they are typed, whatever the case and the accents', async () => {
    expect(new Set(await found('smi'))).toEqual(new Set(ids('smith', 'smithson')));
    expect(await found('smiths')).toEqual(ids('smithson'));
    expect(new Set(await found('jose'))).toEqual(new Set(ids('jose', 'plain')));
    expect(new Set(await found('JOSÉ'))).toEqual(new Set(ids('jose', 'plain')));
    expect(new Set(await found('nunez'))).toEqual(new Set(ids('jose')));
    expect(new Set(await found('álv jo'))).toEqual(new Set(ids('jose', 'plain')));
    expect(await found("o'brien")).toEqual(ids('obrien'));
    expect(await found('ruiz')).toEqual(ids('obrien'));
    // Not a part in the middle of a word.
    expect(await found('mith')).toEqual([]);
  });

  it('finds a case number and an offender number, whole or by their start, the whole one first', async () => {
    const { caseNumber } = opened.smith;
    expect(await found(caseNumber)).toEqual(ids('smith'));
    expect(await found(caseNumber.slice(0, -2).toLowerCase())).toEqual(ids('smith'));
    expect(await found(caseNumber.replace(/-/g, ''))).toEqual(ids('smith'));
    // A-1234 is Ann Smith's number whole and the start of José's: Ann comes first, though José's case is newer.
    expect(await found('a-1234')).toEqual(ids('smith', 'jose'));
    expect(await found('A-12345')).toEqual(ids('jose'));
    expect(await found('b/77.1')).toEqual(ids('obrien'));
    expect(await found('B77')).toEqual(ids('obrien'));
    expect(await found('1234567')).toEqual([]);
  });

  it('takes what would be query syntax as text: never an error, never another meaning', async () => {
    for (const q of [
      '"',
      '"smith',
      'smith"',
      '*',
      'smi*',
      '-smith',
      'smith -ann',
      'ann:smith',
      'NEAR(ann smith)',
      'ann OR bob',
      'ann AND',
      '(',
      ')',
      '^smith',
      '{name}: x',
      "'",
      "''",
      '\\',
      '&',
      '|',
      '!',
      '<->',
      ':*',
      'a:*B',
      '%',
      '_',
    ]) {
      const res = await (await t.as('oh.field_officer')).get(`/cases?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
    }
    expect(await found('smi*')).toEqual(await found('smi'));
    const smiths = await found('smith');
    expect(new Set(smiths)).toEqual(new Set(ids('smith', 'smithson')));
    expect(await found('"smith')).toEqual(smiths);
    // "-" leaves nobody out: it is a mark, and "smith" the start of a word they have.
    expect(await found('-smith')).toEqual(smiths);
    // OR is a word to find, which nobody's name starts with: no one, rather than Ann or Bob.
    expect(await found('ann OR bob')).toEqual([]);
    expect(await found('NEAR(ann smith)')).toEqual([]);
    expect(await found('ann:smith')).toEqual(ids('smith'));
    expect(await found('*')).toEqual([]);
  });

  it('keeps the index in step with the cases in the same transaction: a write undone leaves nothing to find', async () => {
    const cases = t.dataSource.getRepository(SupervisionCase);
    // As the engine would write a new name: with the words the search reads of it.
    const renamed = searchColumnsOf({ offenderName: 'Bob Renamed', caseNumber: opened.smithson.caseNumber, offenderId: 'Z-9' });
    await t.query(portableSql('UPDATE cases SET offender_name = ?, offender_id = ?, search_name = ?, search_numbers = ? WHERE id = ?'), [
      'Bob Renamed',
      'Z-9',
      renamed.searchName,
      renamed.searchNumbers,
      opened.smithson.id,
    ]);
    expect(await found('smithson')).toEqual([]);
    expect(await found('renamed')).toEqual(ids('smithson'));
    expect(await found('z-9')).toEqual(ids('smithson'));
    const draft = await cases.findOneByOrFail({ id: opened.plain.id });
    await expect(
      t.app.get(UnitOfWork).run(async (tx) => {
        const rows = t.app.get(CaseRepository);
        await rows.insert(
          tx,
          rows.create({ ...draft, id: '11111111-1111-4111-8111-111111111111', caseNumber: 'OH-2026-ROLLBACK', offenderName: 'Never Kept' }),
        );
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(await found('never kept')).toEqual([]);
    await t.query(portableSql('DELETE FROM cases WHERE id = ?'), [opened.smithson.id]);
    expect(await found('renamed')).toEqual([]);
  });
});
