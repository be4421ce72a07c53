import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ROLE_TITLES, type Role } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { requestMetaOf } from '../common/request-meta';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { REQUIRED_ROLES } from './require-role.decorator';

/** Runs after the sign-in guard: refuses, and audits, a route whose function is not for this role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (req.actor && roles.includes(req.actor.role)) return true;
    const message = `Only a user with the role ${roles.map((r) => ROLE_TITLES[r]).join(' or ')} may do this.`;
    if (req.actor) {
      await this.audit.record({
        actor: req.actor,
        action: 'ACCESS',
        entityType: 'route',
        entityId: `${req.method} ${(req as Request).route?.path ?? req.path}`,
        states: [req.actor.state],
        outcome: 'denied',
        reason: message,
        meta: requestMetaOf(req),
      });
    }
    throw new ForbiddenException(message);
  }
}
