import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from './actor';

export const ROLES_KEY = 'siap:roles';
export const PUBLIC_KEY = 'siap:public';

/** Restricts a route to these roles (default: any authenticated role). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No API key needed (health, docs, signed links). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
