import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor, Role } from '@throughline/contracts';

export const REQUIRED_ROLES = 'throughline:roles';

/**
 * One of these roles (or admin) is needed. Without it, any authenticated key may call, but a
 * partner's (dealer) only on routes marked OpenToPartners.
 */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export const OPEN_TO_PARTNERS = 'throughline:open-to-partners';

/**
 * The route (or every route of the controller) takes partners' keys (a dealer's) and itself
 * limits what they see and do to their partner's. Routes without it refuse them with 403, also
 * where any internal key may call; a route that names a partner role in RequireRoles takes it too.
 */
export const OpenToPartners = (): MethodDecorator & ClassDecorator =>
  SetMetadata(OPEN_TO_PARTNERS, true);

/** RequireRoles, with the 403 it answers described in the OpenAPI document. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    RequireRoles(...roles),
    ApiForbiddenResponse({
      description: roles.includes('admin')
        ? 'Needs the role admin'
        : `Needs the role ${roles.join(', ')} or admin`,
    }),
  );

/**
 * OpenAPI: the routes of a controller need an API key, as a bearer token or the X-API-Key
 * header (the schemes createHttpApp declares with `apiKeyAuth`), and answer 401 without one.
 */
export const ApiKeyRequired = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'No or an invalid API key (problem+json)' }),
  );

export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The authenticated user of the request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
