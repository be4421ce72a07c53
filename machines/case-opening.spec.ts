import { decideCaseOpening } from './case-opening';
import { STATE_ROLES, type Actor, type Role } from './roles';

const actor = (role: Role, state: Actor['state'] = 'OH'): Actor => ({ id: 'u1', username: 'u', role, state });
const ohToTx = { sendingState: 'OH', receivingState: 'TX' } as const;

describe('decideCaseOpening', () => {
  test.each(['field_officer', 'supervisor', 'compact_office'] as Role[])('a %s of the sending state may open a case', (role) => {
    expect(decideCaseOpening(ohToTx, actor(role))).toEqual({ allowed: true });
  });

  test.each(['state_admin', 'auditor', 'national_auditor'] as Role[])('a %s may not open a case', (role) => {
    expect(decideCaseOpening(ohToTx, actor(role))).toMatchObject({ allowed: false, refusal: 'forbidden' });
  });

  test.each(STATE_ROLES.filter((r) => r !== 'auditor' && r !== 'state_admin'))('a %s of the receiving state may not open it', (role) => {
    const decision = decideCaseOpening(ohToTx, actor(role, 'TX'));
    expect(decision).toMatchObject({ allowed: false, refusal: 'forbidden' });
    expect(decision.allowed || decision.message).toContain('sending state');
  });

  it('refuses a transfer to the same state', () => {
    expect(decideCaseOpening({ sendingState: 'OH', receivingState: 'OH' }, actor('field_officer'))).toMatchObject({
      allowed: false,
      refusal: 'bad_request',
    });
  });
});
