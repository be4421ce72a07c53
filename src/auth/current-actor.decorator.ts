import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../../machines/roles';

export interface AuthenticatedRequest extends Request {
  actor: Actor;
  /** The session the access token names. */
  sessionId: string;
}

/** The signed-in user, as the auth guard loaded them from the database for this request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor);

/** The id of the session of this request's access token. */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<AuthenticatedRequest>().sessionId,
);
