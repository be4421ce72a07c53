import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { cookieOf } from '../auth/access-cookie';
import { VISITOR_COOKIE } from './console-cookies';
import { ConsoleCsrf } from './console-csrf';
import { ConsoleFlash } from './console-flash.entity';
import { managerOf } from '../database/transaction';

/** A banner whose page was not loaded within this time is never shown. */
const MAX_AGE_MS = 60 * 60 * 1000;

interface ConsoleRequest extends Request {
  sessionId?: string;
}

/** The cookie is the browser's to send: hashed, it fits the column whatever its length. */
const visitorOwner = (visitor: string) => `visitor:${createHash('sha256').update(visitor).digest('base64url')}`;

/**
 * One-time banners: a form's POST handler leaves the message for the page it redirects to, and that
 * page shows it once. Nothing in a URL can make a page show one, so a link cannot claim a step was done.
 */
@Injectable()
export class ConsoleFlashes {
  constructor(
    @InjectRepository(ConsoleFlash) private readonly flashes: Repository<ConsoleFlash>,
    private readonly unitOfWork: UnitOfWork,
    private readonly csrf: ConsoleCsrf,
    private readonly clock: Clock,
  ) {}

  /**
   * Leaves `message` for this user's next load of `page` (its path; a query is ignored). `signedOut`:
   * for the visitor the user is once the session ends (the sign-out's own banner).
   */
  async set(req: Request, res: Response, page: string, message: string, { signedOut = false } = {}): Promise<void> {
    const session = (req as ConsoleRequest).sessionId;
    const owner = session && !signedOut ? session : visitorOwner(this.csrf.visitorOf(req, res));
    const now = this.clock.now();
    await this.unitOfWork.run(async (manager) => {
      await managerOf(manager).delete(ConsoleFlash, { createdAt: LessThan(new Date(now.getTime() - MAX_AGE_MS)) });
      await managerOf(manager).delete(ConsoleFlash, { owner });
      await managerOf(manager).insert(ConsoleFlash, { owner, path: page.split('?')[0].slice(0, 300), message: message.slice(0, 500), createdAt: now });
    });
  }

  /** The banner left for the page being shown, if any; deleted as it is read, so a reload shows nothing. */
  async take(req: Request): Promise<string | null> {
    const session = (req as ConsoleRequest).sessionId;
    const visitor = cookieOf(req, VISITOR_COOKIE);
    const owner = session ?? (visitor ? visitorOwner(visitor) : null);
    if (!owner) return null;
    const found = await this.flashes.findOneBy({ owner, path: req.path });
    if (!found) return null;
    // Two tabs loading the page at once: only the one whose DELETE removed the row shows it.
    const removed = await this.unitOfWork.run((manager) => managerOf(manager).delete(ConsoleFlash, { owner, path: found.path, message: found.message }));
    const fresh = this.clock.now().getTime() - found.createdAt.getTime() <= MAX_AGE_MS;
    return removed.affected === 1 && fresh ? found.message : null;
  }
}
