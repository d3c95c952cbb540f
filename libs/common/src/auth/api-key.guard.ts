import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isPartner, mayAct, type Role } from '@throughline/contracts';
import { IS_PUBLIC_ROUTE } from '../http/public.decorator';
import type { LoggedRequest } from '../logging/logger.module';
import { presentedApiKey } from './api-key.rule';
import { ApiKeyResolver } from './api-key.resolver';
import { type AuthenticatedRequest, OPEN_TO_PARTNERS, REQUIRED_ROLES } from './auth.decorators';

/**
 * Every route needs an API key (Bearer or X-API-Key) unless @PublicRoute; @RequireRoles narrows
 * it to roles (admin may do everything). No or an unknown key is 401 with WWW-Authenticate; a
 * known key without the role is 403, and so is a partner's key (a dealer's) on a route without
 * roles that is not @OpenToPartners. The actor goes on the request (CurrentActor) and its user
 * into the access log line.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const key = presentedApiKey(request.headers);
    const actor = key ? await this.keys.resolve(key) : undefined;
    if (!actor) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException({
        code: 'unauthorized',
        message: key
          ? 'The API key is not valid.'
          : 'Send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
      });
    }
    request.actor = actor;
    (request as LoggedRequest).userId = actor.userId;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !mayAct(actor, roles)) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `This needs the role ${roles.join(' or ')}.`,
      });
    }
    if (
      !roles &&
      isPartner(actor) &&
      !this.reflector.getAllAndOverride<boolean>(OPEN_TO_PARTNERS, targets)
    ) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: `This is not open to the role ${actor.roles.join(', ')}.`,
      });
    }
    return true;
  }
}
