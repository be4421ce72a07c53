import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../machines/roles';

export const REQUIRED_ROLES = 'requiredRoles';

/** The roles a route's function is open to; the object-level check (which state) stays in the service. */
export const RequireRole = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
