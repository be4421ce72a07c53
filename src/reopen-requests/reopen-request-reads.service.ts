import { Injectable } from '@nestjs/common';
import type { ReopenRequestStatus } from '../../machines';
import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from '../cases/case.entity';
import { encodeCaseCursor } from '../cases/case-cursor';
import { CasesService } from '../cases/cases.service';
import type { RequestMeta } from '../common/request-meta';
import type { ReopenRequestPage, ReopenRequestView } from './dto/reopen-request.view';
import { reopenRequestAudienceOf } from './reopen-request-audience';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';
import { reopenRequestView } from './reopen-request-views';
import type { ReopenRequest } from './reopen-request.entity';
import { ReopenRequestRepository } from './reopen-request.repository';

export interface ReopenRequestFilter {
  status?: ReopenRequestStatus;
  limit?: number;
  cursor?: string;
}

const DEFAULT_PAGE = 50;

/** What a refused look at a case's reopen requests, or at one request, is recorded as. */
const REOPEN_REQUESTS_READ = 'REOPEN_REQUESTS_READ';
const REOPEN_REQUEST_READ = 'REOPEN_REQUEST_READ';

/** Reading reopen requests: a user sees those of the cases their state sends or receives. */
@Injectable()
export class ReopenRequestReadsService {
  constructor(
    private readonly requests: ReopenRequestRepository,
    private readonly cases: CasesService,
  ) {}

  /**
   * Oldest first: a compact office works its queue in the order the requests came in. The cursor is
   * the (createdAt, id) of the last item, as for the list of cases.
   */
  async list(filter: ReopenRequestFilter, actor: Actor): Promise<ReopenRequestPage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const rows = await this.requests.page({
      ...filter,
      state: actor.state,
      receivingOnly: reopenRequestAudienceOf(actor) === 'receiving_state',
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page, actor),
      nextCursor: rows.length > limit && last ? encodeCaseCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /** Every request of one case, newest first. */
  async ofCase(caseId: string, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView[]> {
    return this.ofVisibleCase(await this.cases.findVisible(caseId, actor, { action: REOPEN_REQUESTS_READ, meta }), actor);
  }

  /** The requests of a case the caller found visible (requireAccess). */
  async ofVisibleCase(c: SupervisionCase, actor: Actor): Promise<ReopenRequestView[]> {
    return (await this.requests.ofCase(c.id)).map((r) => reopenRequestView(r, c, actor));
  }

  async one(id: string, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView> {
    const request = await this.requests.find(id);
    const found = request && (await this.cases.find(request.caseId));
    const c = await this.cases.requireAccess(found, actor, {
      action: REOPEN_REQUEST_READ,
      entityType: 'reopen_request',
      entityId: id,
      fromState: request?.status,
      notFound: REQUEST_NOT_FOUND,
      meta,
    });
    return reopenRequestView(request!, c, actor);
  }

  private async views(page: ReopenRequest[], actor: Actor): Promise<ReopenRequestView[]> {
    const cases = await this.cases.labelsOf([...new Set(page.map((r) => r.caseId))]);
    const byId = new Map(cases.map((c) => [c.id, c]));
    return page.map((r) => reopenRequestView(r, byId.get(r.caseId)!, actor));
  }
}
