import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../idempotency/update-id';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type Role } from '@throughline/contracts';
import { DomainError, NotFoundError } from '@throughline/common';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ApiKey } from './api-key.entity';

export interface ApiKeyView {
  id: string;
  userId: string;
  roles: Role[];
  keyPrefix: string;
  source: 'configuration' | 'admin';
  createdBy?: string;
  createdAt?: string;
  revokedAt?: string;
}

const hash = sha256Hex;

/**
 * Resolves API keys to users and roles. Keys from configuration are hashed at start-up and kept
 * in memory; keys created through the admin endpoint live (hashed) in the `api` schema.
 */
@Injectable()
export class ApiKeyService {
  private readonly configured: Map<string, ApiKeyView & Actor>;

  constructor(
    private readonly em: EntityManager,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.configured = new Map(
      config.API_KEYS.map((entry) => [
        hash(entry.key),
        {
          id: `config:${entry.userId}`,
          userId: entry.userId,
          roles: entry.roles,
          keyPrefix: entry.key.slice(0, 8),
          source: 'configuration',
        },
      ]),
    );
  }

  /** The actor a key belongs to, or undefined for an unknown or revoked key. */
  async resolve(key: string): Promise<Actor | undefined> {
    const keyHash = hash(key);
    const configured = this.configured.get(keyHash);
    if (configured) return { userId: configured.userId, roles: configured.roles };
    const stored = await this.em.fork().findOne(ApiKey, { keyHash, revokedAt: null });
    return stored ? { userId: stored.userId, roles: stored.roles } : undefined;
  }

  /** Creates a key; the plain key is returned once and never stored. */
  async create(
    userId: string,
    roles: Role[],
    createdBy: string,
  ): Promise<ApiKeyView & { key: string }> {
    const key = `tl_${randomBytes(24).toString('base64url')}`;
    const em = this.em.fork();
    const entity = em.create(ApiKey, {
      userId,
      roles,
      keyHash: hash(key),
      keyPrefix: key.slice(0, 8),
      createdBy,
    });
    await em.flush();
    return { ...this.view(entity), key };
  }

  async list(): Promise<ApiKeyView[]> {
    const stored = await this.em
      .fork()
      .find(ApiKey, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return [...this.configured.values()]
      .map(({ id, userId, roles, keyPrefix, source }) => ({
        id,
        userId,
        roles,
        keyPrefix,
        source,
      }))
      .concat(stored.map((entity) => this.view(entity)));
  }

  async revoke(id: string): Promise<ApiKeyView> {
    if (id.startsWith('config:')) {
      throw new DomainError(
        'conflict',
        'configured-key',
        'Keys from configuration are changed in the configuration, not here.',
      );
    }
    const em = this.em.fork();
    const entity = await em.findOne(ApiKey, { id });
    if (!entity) throw new NotFoundError('api-key', id);
    entity.revokedAt ??= new Date();
    await em.flush();
    return this.view(entity);
  }

  private view(entity: ApiKey): ApiKeyView {
    return {
      id: entity.id,
      userId: entity.userId,
      roles: entity.roles,
      keyPrefix: entity.keyPrefix,
      source: 'admin',
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      ...(entity.revokedAt ? { revokedAt: entity.revokedAt.toISOString() } : {}),
    };
  }
}
