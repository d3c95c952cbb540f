import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type Role } from '@throughline/contracts';
import {
  apiKeyHash,
  apiKeyPrefix,
  DomainError,
  newApiKey,
  NotFoundError,
  type StoredApiKeys,
} from '@throughline/common';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ApiKey } from './api-key.entity';

export interface ApiKeyView {
  id: string;
  userId: string;
  roles: Role[];
  /** The dealer a `dealer` key acts for. */
  dealerCode?: string;
  keyPrefix: string;
  source: 'configuration' | 'admin';
  createdBy?: string;
  createdAt?: string;
  revokedAt?: string;
}

/**
 * The API's keys beyond configuration: created through the admin endpoint and kept (hashed) in
 * the `api` schema. The shared ApiKeyResolver asks it about every key that is not configured.
 */
@Injectable()
export class ApiKeyService implements StoredApiKeys {
  constructor(
    private readonly em: EntityManager,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The actor of an active admin-created key with this hash, or undefined. */
  async actorOf(keyHash: string): Promise<Actor | undefined> {
    const stored = await this.em.fork().findOne(ApiKey, { keyHash, revokedAt: null });
    if (!stored) return undefined;
    return {
      userId: stored.userId,
      roles: stored.roles,
      ...(stored.dealerCode ? { dealerCode: stored.dealerCode } : {}),
    };
  }

  /**
   * Creates a key; the plain key is returned once and never stored. A dealer's key names its
   * dealer (`dealerCode`; the caller has checked the binding rules, checkKeyBinding).
   */
  async create(
    request: { userId: string; roles: Role[]; dealerCode?: string },
    createdBy: string,
  ): Promise<ApiKeyView & { key: string }> {
    const key = newApiKey();
    const em = this.em.fork();
    const entity = em.create(ApiKey, {
      userId: request.userId,
      roles: request.roles,
      ...(request.dealerCode ? { dealerCode: request.dealerCode } : {}),
      keyHash: apiKeyHash(key),
      keyPrefix: apiKeyPrefix(key),
      createdBy,
    });
    await em.flush();
    return { ...this.view(entity), key };
  }

  async list(): Promise<ApiKeyView[]> {
    const stored = await this.em
      .fork()
      .find(ApiKey, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    // A key configured twice is one key (the later entry's user and roles, as it resolves).
    const configuredKeys = [...new Map(this.config.API_KEYS.map((e) => [e.key, e])).values()];
    const configured = configuredKeys.map((entry): ApiKeyView => ({
      id: `config:${entry.userId}`,
      userId: entry.userId,
      roles: entry.roles,
      ...(entry.dealerCode ? { dealerCode: entry.dealerCode } : {}),
      keyPrefix: apiKeyPrefix(entry.key),
      source: 'configuration',
    }));
    return configured.concat(stored.map((entity) => this.view(entity)));
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
      ...(entity.dealerCode ? { dealerCode: entity.dealerCode } : {}),
      keyPrefix: entity.keyPrefix,
      source: 'admin',
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      ...(entity.revokedAt ? { revokedAt: entity.revokedAt.toISOString() } : {}),
    };
  }
}
