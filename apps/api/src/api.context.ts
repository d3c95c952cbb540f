import type { SchemaContext } from '@throughline/database';
import { ApiKey } from './auth/api-key.entity';
import { Migration20261126100000ApiInit } from './auth/migrations/Migration20261126100000_api_init';

/** The API's own slice of the database: schema `api`, credentials only. */
export const apiSchemaContext: SchemaContext = {
  schema: 'api',
  entities: [ApiKey],
  migrations: [{ name: 'Migration20261126100000_api_init', class: Migration20261126100000ApiInit }],
};
