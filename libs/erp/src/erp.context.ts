import type { SchemaContext } from '@throughline/database';
import { erpEntities } from './erp.entities';
import { Migration20261126000000ErpInit } from './migrations/Migration20261126000000_erp_init';
import { Migration20261127000000ErpDocuments } from './migrations/Migration20261127000000_erp_documents';
import { Migration20261128000000ErpCreditBlock } from './migrations/Migration20261128000000_erp_credit_block';
import { Migration20261203000000ErpErasure } from './migrations/Migration20261203000000_erp_erasure';
import { Migration20261202000000ErpAdminChange } from './migrations/Migration20261202000000_erp_admin_change';

/** The ERP's slice of the database: schema `erp`, written only by apps/erp. */
export const erpSchemaContext: SchemaContext = {
  schema: 'erp',
  entities: erpEntities,
  migrations: [
    { name: 'Migration20261126000000_erp_init', class: Migration20261126000000ErpInit },
    {
      name: 'Migration20261127000000_erp_documents',
      class: Migration20261127000000ErpDocuments,
    },
    {
      name: 'Migration20261128000000_erp_credit_block',
      class: Migration20261128000000ErpCreditBlock,
    },
    {
      name: 'Migration20261202000000_erp_admin_change',
      class: Migration20261202000000ErpAdminChange,
    },
    { name: 'Migration20261203000000_erp_erasure', class: Migration20261203000000ErpErasure },
  ],
};
