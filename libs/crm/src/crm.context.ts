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
import { Migration20261126000000CrmInit } from './migrations/Migration20261126000000_crm_init';
import { Migration20261126210000CrmRecords } from './migrations/Migration20261126210000_crm_records';
import { Migration20261201000000CrmLeadOwner } from './migrations/Migration20261201000000_crm_lead_owner';

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
];

/** The CRM's slice of the database: schema `crm`, written only by apps/crm. */
export const crmSchemaContext: SchemaContext = {
  schema: 'crm',
  entities: [...crmEntities, PostalAddress],
  migrations: [
    { name: 'Migration20261126000000_crm_init', class: Migration20261126000000CrmInit },
    { name: 'Migration20261126210000_crm_records', class: Migration20261126210000CrmRecords },
    { name: 'Migration20261201000000_crm_lead_owner', class: Migration20261201000000CrmLeadOwner },
  ],
};
