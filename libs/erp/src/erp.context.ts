import type { SchemaContext } from '@throughline/database';
import { Customer } from './customers/customer.entity';
import { BillingAddress } from './shared/billing-address.embeddable';
import { Migration20261126000000ErpInit } from './migrations/Migration20261126000000_erp_init';

/** The ERP's slice of the database: schema `erp`, written only by apps/erp. */
export const erpSchemaContext: SchemaContext = {
  schema: 'erp',
  entities: [Customer, BillingAddress],
  migrations: [{ name: 'Migration20261126000000_erp_init', class: Migration20261126000000ErpInit }],
};
