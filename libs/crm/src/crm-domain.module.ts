import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { AccountService } from './accounts/account.service';
import { AssetService } from './assets/asset.service';
import { ServiceCaseService } from './cases/service-case.service';
import { crmEntities } from './crm.context';
import { CustomerErasureService } from './customers/customer-erasure.service';
import { CustomerProfileService } from './customers/customer-profile.service';
import { DealerService } from './dealers/dealer.service';
import { CrmInvariantsService } from './invariants/crm-invariants.service';
import { LeadService } from './leads/lead.service';
import { OpportunityService } from './opportunities/opportunity.service';
import { QuoteService } from './quotes/quote.service';
import { CrmSeedService } from './seed/crm-seed.service';
import { TimelineService } from './timeline/timeline.service';
import { CrmAdminChangeService } from './admin/crm-admin-change.service';
import { DealerAdminService } from './admin/dealer-admin.service';

const services = [
  AccountService,
  LeadService,
  OpportunityService,
  QuoteService,
  AssetService,
  DealerService,
  ServiceCaseService,
  TimelineService,
  CustomerProfileService,
  CustomerErasureService,
  CrmInvariantsService,
  CrmSeedService,
  CrmAdminChangeService,
  DealerAdminService,
];

/** CRM domain services; the app provides the MikroORM root for the `crm` schema. */
@Module({
  imports: [MikroOrmModule.forFeature(crmEntities)],
  providers: services,
  exports: services,
})
export class CrmDomainModule {}
