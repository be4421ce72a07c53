import { CASE_EVENT_TYPES } from '../../machines';
import { SUPERVISION_ACTIVITIES } from '../activities/supervision-activity-steps';
import { CASE_ACTIVITY } from '../cases/case-activity';
import { REOPEN_REQUEST_ACTIVITY } from '../reopen-requests/reopen-request-activity';
import { stepButtons, type ActivityKind } from './activity';

const KINDS: Array<[string, ActivityKind<string>]> = [
  ['case', CASE_ACTIVITY],
  ['reopen request', REOPEN_REQUEST_ACTIVITY],
  ...Object.entries(SUPERVISION_ACTIVITIES),
];

describe('stepButtons', () => {
  it('puts the usual next step of a draft first and the withdrawal last', () => {
    const buttons = stepButtons(CASE_ACTIVITY, ['WITHDRAW', 'REQUEST_REPORTING_INSTRUCTIONS', 'SUBMIT_TRANSFER_REQUEST']);
    expect(buttons.map((b) => b.type)).toEqual(['SUBMIT_TRANSFER_REQUEST', 'REQUEST_REPORTING_INSTRUCTIONS', 'WITHDRAW']);
    expect(buttons.map((b) => b.danger)).toEqual([false, false, true]);
    expect(buttons[2].consequence).toBe('Withdraw the case: it ends for both states and cannot be undone.');
    expect(buttons[0].consequence).toBeNull();
  });

  it('draws every grave step after every other, in each kind, whatever the order allowed', () => {
    for (const [, kind] of KINDS) {
      const all = Object.keys(kind.steps);
      const buttons = stepButtons(kind, [...all].reverse());
      expect(buttons).toHaveLength(all.length);
      const firstGrave = buttons.findIndex((b) => b.danger);
      if (firstGrave >= 0) expect(buttons.slice(firstGrave).every((b) => b.danger)).toBe(true);
    }
  });

  it('keeps the declared order among the steps that are not grave, after the button order', () => {
    const buttons = stepButtons(CASE_ACTIVITY, CASE_EVENT_TYPES);
    const plain = buttons.filter((b) => !b.danger).map((b) => b.type);
    expect(plain).toEqual([
      'SUBMIT_TRANSFER_REQUEST',
      'REQUEST_REPORTING_INSTRUCTIONS',
      ...CASE_EVENT_TYPES.filter((t) => !CASE_ACTIVITY.steps[t].grave && !plain.slice(0, 2).includes(t)),
    ]);
    const grave = buttons.filter((b) => b.danger).map((b) => b.type);
    expect(grave).toEqual(CASE_EVENT_TYPES.filter((t) => CASE_ACTIVITY.steps[t].grave));
  });

  it('treats the steps that close a case or withdraw a warrant as grave', () => {
    expect(CASE_ACTIVITY.steps.CONFIRM_CLOSURE.grave).toBe(true);
    expect(CASE_ACTIVITY.steps.CLOSE_AFTER_RETAKING.grave).toBe(true);
    expect(SUPERVISION_ACTIVITIES.warrant.steps.WITHDRAW_WARRANT.grave).toBe(true);
  });

  it.each(KINDS)('declares what each grave step of the %s will do, and nothing for the others', (_, kind) => {
    for (const step of Object.values(kind.steps)) {
      if (step.grave) expect(step.consequence).toMatch(/^[A-Z].{20,}\.$/);
      else expect(step.consequence).toBeUndefined();
    }
  });
});
