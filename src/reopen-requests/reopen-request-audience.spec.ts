import { ROLES } from '../../machines/roles';
import { reopenRequestAudienceOf } from './reopen-request-audience';

describe('whose reopen requests the list shows', () => {
  it('shows a compact office only the requests it must decide', () => {
    expect(reopenRequestAudienceOf({ role: 'compact_office' })).toBe('receiving_state');
  });

  it.each(ROLES.filter((r) => r !== 'compact_office'))('shows a %s the requests of both sides of its state', (role) => {
    expect(reopenRequestAudienceOf({ role })).toBe('either_state');
  });
});
