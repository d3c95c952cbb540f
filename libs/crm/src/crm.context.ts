import type { SchemaContext } from '@throughline/database';
import { Account } from './accounts/account.entity';
import { PostalAddress } from './shared/postal-address.embeddable';
import { Migration20261126000000CrmInit } from './migrations/Migration20261126000000_crm_init';

/** The CRM's slice of the database: schema `crm`, written only by apps/crm. */
export const crmSchemaContext: SchemaContext = {
  schema: 'crm',
  entities: [Account, PostalAddress],
  migrations: [{ name: 'Migration20261126000000_crm_init', class: Migration20261126000000CrmInit }],
};
