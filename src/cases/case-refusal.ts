import { BadRequestException, ConflictException, ForbiddenException, HttpException } from '@nestjs/common';
import type { RefusalKind } from '../../machines';

/** The HTTP answer for each kind of refusal the rules give. */
export function refusalException(kind: RefusalKind | 'stale', message: string): HttpException {
  switch (kind) {
    case 'forbidden':
      return new ForbiddenException(message);
    case 'bad_request':
      return new BadRequestException(message);
    case 'invalid':
    case 'stale':
      return new ConflictException(message);
  }
}

/** Thrown inside a transaction when the conditional UPDATE found the case changed meanwhile. */
export class CaseChangedMeanwhile extends Error {
  constructor() {
    super('This case was changed by someone else meanwhile; reload it and try again.');
  }
}
