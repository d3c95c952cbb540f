import type { SchemaContext } from '@throughline/database';
import { ApiKey } from './auth/api-key.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { Migration20261126100000ApiInit } from './auth/migrations/Migration20261126100000_api_init';
import { Migration20261201120000ApiIdempotency } from './idempotency/migrations/Migration20261201120000_api_idempotency';
import { Migration20261204100000ApiKeyDealerCode } from './auth/migrations/Migration20261204100000_api_key_dealer_code';

/** The API's own slice of the database: schema `api`, credentials and Idempotency-Key answers. */
export const apiSchemaContext: SchemaContext = {
  schema: 'api',
  entities: [ApiKey, IdempotencyRecord],
  migrations: [
    { name: 'Migration20261126100000_api_init', class: Migration20261126100000ApiInit },
    {
      name: 'Migration20261201120000_api_idempotency',
      class: Migration20261201120000ApiIdempotency,
    },
    {
      name: 'Migration20261204100000_api_key_dealer_code',
      class: Migration20261204100000ApiKeyDealerCode,
    },
  ],
};
