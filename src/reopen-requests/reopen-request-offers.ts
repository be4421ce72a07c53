import { Injectable, type OnModuleInit } from '@nestjs/common';
import { mayRequestReopen, type Actor } from '../../machines';
import type { SupervisionCase } from '../cases/case.entity';
import { CasesService, type CaseOffers } from '../cases/cases.service';
import { REQUEST_REOPEN } from './reopen-request-activity';
import { ReopenRequestRepository } from './reopen-request.repository';
import type { Transaction } from '../database/transaction';

/**
 * A closed case offers asking for a reopen to who may ask, unless a request already waits for the
 * compact office: the case's answer lists it among what the user may do.
 */
@Injectable()
export class ReopenRequestOffers implements CaseOffers, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly requests: ReopenRequestRepository,
  ) {}

  onModuleInit(): void {
    this.cases.addOffers(this);
  }

  async offered(cases: readonly SupervisionCase[], actor: Actor, tx: Transaction | null): Promise<ReadonlyMap<string, readonly string[]>> {
    const askable = cases.filter((c) => mayRequestReopen(c, actor)).map((c) => c.id);
    const pending = await this.requests.casesWithPending(askable, tx);
    return new Map(askable.filter((id) => !pending.has(id)).map((id) => [id, [REQUEST_REOPEN]]));
  }
}
