import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { sha256Hex } from '@throughline/common';
import { canonicalJson } from './update-id';

/** A key's first answer is kept this long; after that the key may be used anew. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** What a key is scoped to: one caller, one operation (method, route and its parameters). */
export interface IdempotencyScope {
  userId: string;
  method: string;
  route: string;
  params: Record<string, unknown>;
  key: string;
}

export interface StoredAnswer {
  status: number;
  location?: string;
  body: string;
}

export type Begun =
  /** First time, or earlier attempts got no final answer: run it, as this Update id. */
  | { kind: 'run'; recordId: string; updateId: string }
  /** The key was used for another request. */
  | { kind: 'reused' }
  /** The key's first answer. */
  | { kind: 'replay'; answer: StoredAnswer };

interface RecordRow {
  request_hash: string;
  created_at: Date | string;
  status: number | null;
  location: string | null;
  body: string | null;
}

/**
 * Idempotency-Key records in the `api` schema: a key is bound to the hash of its first request
 * from the first attempt on, and holds that request's final answer once there is one.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private lastSweep = 0;

  constructor(private readonly em: EntityManager) {}

  /** Binds the key to this request (or finds its binding) and says what to do. */
  async begin(scope: IdempotencyScope, body: unknown): Promise<Begun> {
    const recordId = sha256Hex(
      canonicalJson([scope.userId, scope.method, scope.route, scope.params, scope.key]),
    );
    const requestHash = sha256Hex(canonicalJson(body ?? null));
    let row: RecordRow | undefined;
    try {
      const connection = this.em.fork().getConnection();
      await this.sweep(connection);
      await connection.execute(
        'delete from "api"."idempotency_record" where "id" = ? and "expires_at" <= now()',
        [recordId],
      );
      await connection.execute(
        `insert into "api"."idempotency_record" ("id", "user_id", "request_hash", "created_at", "expires_at")
         values (?, ?, ?, now(), now() + interval '${IDEMPOTENCY_TTL_HOURS} hours')
         on conflict ("id") do nothing`,
        [recordId, scope.userId, requestHash],
      );
      [row] = await connection.execute<RecordRow[]>(
        'select "request_hash", "created_at", "status", "location", "body" from "api"."idempotency_record" where "id" = ?',
        [recordId],
      );
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
      throw unavailable();
    }
    // Swept between our insert and our read: a concurrent request with this key runs it.
    if (!row) throw unavailable();
    if (row.request_hash !== requestHash) return { kind: 'reused' };
    if (row.status !== null && row.body !== null) {
      return {
        kind: 'replay',
        answer: {
          status: row.status,
          body: row.body,
          ...(row.location ? { location: row.location } : {}),
        },
      };
    }
    // The record's creation time is part of the id: a key used again after its record expired
    // is a new Update, not the old one Temporal still remembers.
    const createdAt = new Date(row.created_at).getTime();
    return { kind: 'run', recordId, updateId: `key:${recordId.slice(0, 48)}:${createdAt}` };
  }

  /** Keeps the final answer (the first one wins when two attempts race). */
  async complete(recordId: string, answer: StoredAnswer): Promise<void> {
    try {
      await this.em
        .fork()
        .getConnection()
        .execute(
          'update "api"."idempotency_record" set "status" = ?, "location" = ?, "body" = ? where "id" = ? and "status" is null',
          [answer.status, answer.location ?? null, answer.body, recordId],
        );
    } catch (error) {
      // The request itself succeeded; a retry then runs again and Temporal answers it once.
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }

  /** Deletes expired records, at most every ten minutes. */
  private async sweep(connection: ReturnType<EntityManager['getConnection']>): Promise<void> {
    if (Date.now() - this.lastSweep < 600_000) return;
    this.lastSweep = Date.now();
    await connection.execute('delete from "api"."idempotency_record" where "expires_at" <= now()');
  }
}

function unavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'service-unavailable',
    message: 'Idempotency keys cannot be checked right now; try again shortly.',
    retryAfter: 5,
  });
}
