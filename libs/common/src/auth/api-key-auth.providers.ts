import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import {
  ApiKeyResolver,
  CONFIGURED_API_KEYS,
  STORED_API_KEYS,
  type StoredApiKeys,
} from './api-key.resolver';
import type { ConfiguredApiKey } from './api-keys.config';

export interface ApiKeyAuthOptions {
  /** The keys from configuration (API_KEYS). */
  keys: readonly ConfiguredApiKey[];
  /** A provider of this module that knows further keys (the API's admin-created ones). */
  storedKeys?: Type<StoredApiKeys>;
}

/**
 * The providers that make every route of an app need an API key (ApiKeyGuard as the global
 * guard): add them to the app's root module. Routes marked @PublicRoute stay open.
 */
export function apiKeyAuthProviders(options: ApiKeyAuthOptions): Provider[] {
  return [
    { provide: CONFIGURED_API_KEYS, useValue: options.keys },
    ...(options.storedKeys ? [{ provide: STORED_API_KEYS, useExisting: options.storedKeys }] : []),
    ApiKeyResolver,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ];
}
