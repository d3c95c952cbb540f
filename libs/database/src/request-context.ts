import { type MikroORM, RequestContext } from '@mikro-orm/core';

/**
 * Runs work in its own MikroORM request context (an identity map per unit of work), as every
 * activity of a system of record must: there is no HTTP request to create one.
 */
export function requestContextRunner(orm: MikroORM): <T>(run: () => Promise<T>) => Promise<T> {
  return (run) => RequestContext.create(orm.em, run);
}
