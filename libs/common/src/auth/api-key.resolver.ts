import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Actor } from '@throughline/contracts';
import { API_KEY_MAX_LENGTH, apiKeyHash } from './api-key.rule';
import type { ConfiguredApiKey } from './api-keys.config';

/** The keys from configuration (API_KEYS) an app accepts. */
export const CONFIGURED_API_KEYS = Symbol('CONFIGURED_API_KEYS');

/** Where an app keeps keys of its own beyond configuration (the API: admin-created keys). */
export const STORED_API_KEYS = Symbol('STORED_API_KEYS');

/** Keys kept outside configuration, looked up by their hash. */
export interface StoredApiKeys {
  /** The user, roles (and dealer) of the active key with this SHA-256 (hex), or undefined. */
  actorOf(keyHash: string): Promise<Actor | undefined>;
}

/**
 * Resolves a presented API key to its user and roles (a dealer's key also to its dealer code).
 * Keys from configuration are hashed at start-up and only their hashes are kept in memory; an app
 * with keys of its own (STORED_API_KEYS) is asked about any other key.
 */
@Injectable()
export class ApiKeyResolver {
  private readonly configured: Map<string, Actor>;

  constructor(
    @Inject(CONFIGURED_API_KEYS) keys: readonly ConfiguredApiKey[],
    @Optional() @Inject(STORED_API_KEYS) private readonly stored?: StoredApiKeys,
  ) {
    this.configured = new Map(
      keys.map((entry) => [
        apiKeyHash(entry.key),
        {
          userId: entry.userId,
          roles: entry.roles,
          ...(entry.dealerCode !== undefined ? { dealerCode: entry.dealerCode } : {}),
        },
      ]),
    );
  }

  /** The actor a key belongs to, or undefined for an unknown, revoked or overlong key. */
  async resolve(key: string): Promise<Actor | undefined> {
    if (key.length > API_KEY_MAX_LENGTH) return undefined;
    const keyHash = apiKeyHash(key);
    const configured = this.configured.get(keyHash);
    if (configured) return { ...configured, roles: [...configured.roles] };
    return this.stored?.actorOf(keyHash);
  }
}
