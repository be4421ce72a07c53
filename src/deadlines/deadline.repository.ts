import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DeadlineNotice } from './deadline-notice.entity';
import { Deadline } from './deadline.entity';

/** Every statement on the deadlines and their reminders. */
@Injectable()
export class DeadlineRepository {
  constructor(
    @InjectRepository(Deadline) private readonly deadlines: Repository<Deadline>,
    @InjectRepository(DeadlineNotice) private readonly notices: Repository<DeadlineNotice>,
  ) {}

  find(id: string): Promise<Deadline | null> {
    return this.deadlines.findOneBy({ id });
  }

  noticesOf(deadlineId: string): Promise<DeadlineNotice[]> {
    return this.notices.find({ where: { deadlineId }, order: { noticeIndex: 'ASC' } });
  }

  // --- The deadlines of a case: started, ended and reassigned with its steps; read for its answers.

  // --- Reminders.

  // --- Workloads.

  // --- Compliance.
}
