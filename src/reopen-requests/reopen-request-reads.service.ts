import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import type { ReopenRequestStatus } from '../../machines';
import type { Actor } from '../../machines/roles';
import { SupervisionCase } from '../cases/case.entity';
import { decodeCaseCursor, encodeCaseCursor } from '../cases/case-cursor';
import { CasesService } from '../cases/cases.service';
import type { RequestMeta } from '../common/request-meta';
import type { ReopenRequestPage, ReopenRequestView } from './dto/reopen-request.view';
import { reopenRequestAudienceOf } from './reopen-request-audience';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';
import { reopenRequestView } from './reopen-request-views';
import { ReopenRequest } from './reopen-request.entity';

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
    @InjectRepository(ReopenRequest) private readonly requests: Repository<ReopenRequest>,
    @InjectRepository(SupervisionCase) private readonly cases: Repository<SupervisionCase>,
    private readonly casesService: CasesService,
  ) {}

  /**
   * Oldest first: a compact office works its queue in the order the requests came in. The cursor is
   * the (createdAt, id) of the last item, as for the list of cases.
   */
  async list(filter: ReopenRequestFilter, actor: Actor): Promise<ReopenRequestPage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const query = this.requests.createQueryBuilder('r');
    if (reopenRequestAudienceOf(actor) === 'receiving_state') {
      query.where('r.receiving_state = :state', { state: actor.state });
    } else {
      query.where('(r.sending_state = :state OR r.receiving_state = :state)', { state: actor.state });
    }
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.cursor) {
      const cursor = decodeCaseCursor(filter.cursor);
      const createdAt = new Date(cursor.createdAt);
      query.andWhere(
        new Brackets((b) =>
          b.where('r.created_at > :createdAt', { createdAt })
            .orWhere('(r.created_at = :createdAt AND r.id > :id)', { createdAt, id: cursor.id }),
        ),
      );
    }
    const rows = await query.orderBy('r.created_at', 'ASC').addOrderBy('r.id', 'ASC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page, actor),
      nextCursor: rows.length > limit && last ? encodeCaseCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /** Every request of one case, newest first. */
  async ofCase(caseId: string, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView[]> {
    return this.ofVisibleCase(await this.casesService.findVisible(caseId, actor, { action: REOPEN_REQUESTS_READ, meta }), actor);
  }

  /** The requests of a case the caller found visible (requireAccess). */
  async ofVisibleCase(c: SupervisionCase, actor: Actor): Promise<ReopenRequestView[]> {
    const caseId = c.id;
    const rows = await this.requests.find({ where: { caseId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map((r) => reopenRequestView(r, c, actor));
  }

  async one(id: string, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView> {
    const request = await this.requests.findOneBy({ id });
    const found = request && (await this.cases.findOneBy({ id: request.caseId }));
    const c = await this.casesService.requireAccess(found, actor, {
      action: REOPEN_REQUEST_READ, entityType: 'reopen_request', entityId: id, fromState: request?.status, notFound: REQUEST_NOT_FOUND, meta,
    });
    return reopenRequestView(request!, c, actor);
  }

  private async views(page: ReopenRequest[], actor: Actor): Promise<ReopenRequestView[]> {
    const ids = [...new Set(page.map((r) => r.caseId))];
    const cases = ids.length ? await this.cases.findBy({ id: In(ids) }) : [];
    const byId = new Map(cases.map((c) => [c.id, c]));
    return page.map((r) => reopenRequestView(r, byId.get(r.caseId)!, actor));
  }
}
