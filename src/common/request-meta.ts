import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Where a request came from, as the audit history records it. */
export interface RequestMeta {
  requestId: string;
  clientAddress: string | null;
}

export function requestMetaOf(req: Request): RequestMeta {
  return { requestId: String(req.id ?? ''), clientAddress: req.ip ?? req.socket?.remoteAddress ?? null };
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => requestMetaOf(ctx.switchToHttp().getRequest<Request>()));
