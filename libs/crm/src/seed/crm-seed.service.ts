import { Injectable } from '@nestjs/common';
import { AccountService } from '../accounts/account.service';
import { DealerService } from '../dealers/dealer.service';
import { LeadService } from '../leads/lead.service';
import { demoAccounts, demoDealers, demoLeads } from './demo-data';

export interface SeedResult {
  dealers: { created: number; existing: number };
  accounts: { created: number; existing: number };
  leads: { created: number; existing: number };
}

/** Loads the demo data; every record is created by its business key, so seeding twice adds nothing. */
@Injectable()
export class CrmSeedService {
  constructor(
    private readonly dealers: DealerService,
    private readonly accounts: AccountService,
    private readonly leads: LeadService,
  ) {}

  async seed(): Promise<SeedResult> {
    const result: SeedResult = {
      dealers: { created: 0, existing: 0 },
      accounts: { created: 0, existing: 0 },
      leads: { created: 0, existing: 0 },
    };
    const count = (bucket: { created: number; existing: number }, created: boolean): void => {
      if (created) bucket.created += 1;
      else bucket.existing += 1;
    };
    for (const dealer of demoDealers)
      count(result.dealers, (await this.dealers.ensure(dealer)).created);
    for (const account of demoAccounts)
      count(result.accounts, (await this.accounts.openAccount(account)).created);
    for (const lead of demoLeads) count(result.leads, (await this.leads.capture(lead)).created);
    return result;
  }
}
