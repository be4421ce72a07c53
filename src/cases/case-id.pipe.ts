import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';
import { NOT_FOUND } from './cases.service';

/** A malformed case id names no case: the same 404 as an unknown one, so nothing leaks. */
export const caseIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(NOT_FOUND) });
