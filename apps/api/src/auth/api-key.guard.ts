import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mayAct, type Role } from '@throughline/contracts';
import { ApiKeyService } from './api-key.service';
import { IS_PUBLIC_ROUTE, type LoggedRequest } from '@throughline/common';
import { type AuthenticatedRequest, REQUIRED_ROLES } from './auth.decorators';

function keyOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** Every route needs an API key (Bearer or X-API-Key) unless @Public; @RequireRoles narrows it. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const key = keyOf(request);
    const actor = key && key.length <= 200 ? await this.keys.resolve(key) : undefined;
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
    return true;
  }
}
