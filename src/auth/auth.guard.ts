import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthorized } from '../common/errors';
import type { Actor, Role } from './actor';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthService } from './auth.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new Unauthorized();
    const actor = await this.auth.authenticate(m[1]);
    if (!actor) throw new Unauthorized('the API key is unknown or revoked');
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) throw new Forbidden(`this needs role ${roles.join(' or ')}; your key has role ${actor.role}`);
    return true;
  }
}
