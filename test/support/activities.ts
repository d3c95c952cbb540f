import type { INestApplicationContext, Type } from '@nestjs/common';
import { MikroORM, RequestContext } from '@mikro-orm/core';

/**
 * Calls an activity the way the worker does: the instance from the app's DI container, inside
 * its own MikroORM request context. For tests of activities against real PostgreSQL; processes
 * are tested through real workers instead.
 */
export function activitiesOf<T extends object>(app: INestApplicationContext, type: Type<T>): T {
  const instance = app.get(type);
  const orm = app.get(MikroORM);
  return new Proxy(instance, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        RequestContext.create(orm.em, () =>
          (member as (...a: unknown[]) => unknown).apply(target, args),
        );
    },
  });
}
