import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';

/**
 * Idempotent creation by business key: returns the existing row when there is one, otherwise
 * inserts it. A concurrent insert of the same key loses on the unique constraint and returns the
 * winner's row, so a retried activity never creates a second document.
 */
export async function createOnce<T extends object>(
  em: EntityManager,
  find: (em: EntityManager) => Promise<T | null>,
  create: (em: EntityManager) => Promise<T>,
): Promise<{ entity: T; created: boolean }> {
  const existing = await find(em);
  if (existing) return { entity: existing, created: false };
  try {
    const entity = await em.transactional(async (tx) => create(tx));
    return { entity, created: true };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    em.clear();
    const winner = await find(em);
    if (!winner) throw error;
    return { entity: winner, created: false };
  }
}
