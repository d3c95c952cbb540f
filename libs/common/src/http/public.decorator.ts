import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'throughline:public-route';

/** Marks a route or controller as reachable without credentials (health probes). */
export const PublicRoute = (): MethodDecorator & ClassDecorator =>
  SetMetadata(IS_PUBLIC_ROUTE, true);
