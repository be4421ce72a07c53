import { DEADLINE_RULES, type DeadlineRule } from '../../machines';
import { CasesService } from '../../src/cases/cases.service';
import { DEADLINE_RULE_TABLE } from '../../src/deadlines/compact-calendar';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { MediumApp } from './support/medium-app';

/**
 * A rule that changes: the transfer reply shortened to 30 days from 1 January 2027, as a new version
 * of the limit beside the old one, which is given its end.
 */
const TREP_2027: DeadlineRule = {
  ...DEADLINE_RULES.find((r) => r.limit === 'TREP')!,
  version: 'TREP@2027-01-01',
  days: 30,
  effectiveFrom: '2027-01-01',
};
const TABLE: readonly DeadlineRule[] = [...DEADLINE_RULES.map((r) => (r.limit === 'TREP' ? { ...r, effectiveTo: '2027-01-01' } : r)), TREP_2027];

describe('the rule in force on the day a clock starts governs its deadline', () => {
  let m: MediumApp;

  beforeAll(async () => {
    m = await MediumApp.start({ replacing: [[DEADLINE_RULE_TABLE, TABLE]] });
  });
  afterAll(() => m.close());

  async function transferRequestAt(instant: string): Promise<{ caseId: string; deadline: Deadline }> {
    m.time.to(instant);
    const cases = m.get(CasesService);
    const officer = await m.actor('oh.field_officer');
    const opened = await cases.open({ offenderName: 'Sam Example', sendingState: 'OH', receivingState: 'TX' }, officer, null);
    await cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    const deadline = await m.dataSource.getRepository(Deadline).findOneByOrFail({ caseId: opened.id, limit: 'TREP' });
    return { caseId: opened.id, deadline };
  }

  it('gives a request sent at 23:30 Eastern on 31 December the old 45 days', async () => {
    const { deadline } = await transferRequestAt('2027-01-01T04:30:00Z');
    expect(deadline).toMatchObject({ ruleVersion: 'TREP@2000-01-01', limitDays: 45, startOn: '2026-12-31', dueOn: '2027-02-14' });
  });

  it('gives a request sent at 00:30 Eastern on 1 January the new 30 days', async () => {
    const { deadline } = await transferRequestAt('2027-01-01T05:30:00Z');
    expect(deadline).toMatchObject({ ruleVersion: 'TREP@2027-01-01', limitDays: 30, startOn: '2027-01-01', dueOn: '2027-01-31' });
  });

  it('keeps a running deadline on its version: answering it under the new rule judges it by the old', async () => {
    const { caseId, deadline } = await transferRequestAt('2026-12-20T15:00:00Z');
    m.time.to('2027-01-25T15:00:00Z'); // 36 days on: late under the new 30 days, on time under the old 45
    await m.get(CasesService).applyEvent(caseId, { type: 'ACCEPT_TRANSFER' }, await m.actor('tx.compact_office'), null);
    const met = await m.dataSource.getRepository(Deadline).findOneByOrFail({ id: deadline.id });
    expect(met).toMatchObject({ ruleVersion: 'TREP@2000-01-01', dueOn: '2027-02-03', status: 'met', onTime: true });
  });
});
