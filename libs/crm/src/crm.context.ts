import type { SchemaContext } from '@throughline/database';
import { Account } from './accounts/account.entity';
import { Asset } from './assets/asset.entity';
import { ServiceCase } from './cases/service-case.entity';
import { Contact } from './contacts/contact.entity';
import { Dealer } from './dealers/dealer.entity';
import { Lead } from './leads/lead.entity';
import { Opportunity } from './opportunities/opportunity.entity';
import { QuoteLine } from './quotes/quote-line.entity';
import { Quote } from './quotes/quote.entity';
import { PostalAddress } from './shared/postal-address.embeddable';
import { TimelineEntry } from './timeline/timeline-entry.entity';
import { CrmAdminChange } from './admin/crm-admin-change.entity';
import { Migration20261126000000CrmInit } from './migrations/Migration20261126000000_crm_init';
import { Migration20261126210000CrmRecords } from './migrations/Migration20261126210000_crm_records';
import { Migration20261203000000CrmErasure } from './migrations/Migration20261203000000_crm_erasure';
import { Migration20261201000000CrmLeadOwner } from './migrations/Migration20261201000000_crm_lead_owner';
import { Migration20261202000000CrmAdminChange } from './migrations/Migration20261202000000_crm_admin_change';

/** The CRM's entities (the embeddable address is listed in the schema context only). */
export const crmEntities = [
  Account,
  Lead,
  Contact,
  Opportunity,
  Quote,
  QuoteLine,
  Asset,
  Dealer,
  ServiceCase,
  TimelineEntry,
  CrmAdminChange,
];

/** The CRM's slice of the database: schema `crm`, written only by apps/crm. */
export const crmSchemaContext: SchemaContext = {
  schema: 'crm',
  entities: [...crmEntities, PostalAddress],
  migrations: [
    { name: 'Migration20261126000000_crm_init', class: Migration20261126000000CrmInit },
    { name: 'Migration20261126210000_crm_records', class: Migration20261126210000CrmRecords },
    { name: 'Migration20261201000000_crm_lead_owner', class: Migration20261201000000CrmLeadOwner },
    {
      name: 'Migration20261202000000_crm_admin_change',
      class: Migration20261202000000CrmAdminChange,
    },
    { name: 'Migration20261203000000_crm_erasure', class: Migration20261203000000CrmErasure },
  ],
};
