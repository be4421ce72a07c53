import { allowedReopenRequestEvents } from '../../machines';
import type { Actor } from '../../machines/roles';
import { ReopenRequestView, type CaseSummary } from './dto/reopen-request.view';
import type { ReopenRequest } from './reopen-request.entity';

/** The request as this user sees it; approving is offered only while the case is still closed. */
export function reopenRequestView(r: ReopenRequest, c: CaseSummary, actor: Actor): ReopenRequestView {
  const allowed = allowedReopenRequestEvents(r.snapshot, actor).filter((type) => type !== 'APPROVE' || c.status === 'closed');
  return ReopenRequestView.of(r, c, allowed);
}
