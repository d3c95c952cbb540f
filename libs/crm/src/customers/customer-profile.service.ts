import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { Account } from '../accounts/account.entity';
import { Asset } from '../assets/asset.entity';
import { ServiceCase } from '../cases/service-case.entity';
import { slaHours } from '../cases/sla.rule';
import { Contact } from '../contacts/contact.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { TimelineEntry } from '../timeline/timeline-entry.entity';

export interface CustomerLookup {
  customerNo?: string;
  email?: string;
  phone?: string;
}

export interface CustomerProfile {
  account: Account;
  contacts: Contact[];
  slaHours: number;
  openCases: ServiceCase[];
  recentCases: ServiceCase[];
  assets: Asset[];
  openOpportunities: Opportunity[];
  recentTimeline: TimelineEntry[];
}

/** Digits only, so `+49 30 123-45` finds `+49 (30) 12345`. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** The CRM half of the customer 360: who the caller is and everything the front office knows. */
@Injectable()
export class CustomerProfileService {
  constructor(private readonly em: EntityManager) {}

  /** Finds the account by customerNo, email (account or contact) or phone (any formatting). */
  async find(lookup: CustomerLookup): Promise<Account> {
    if (lookup.customerNo) {
      const account = await this.em.findOne(Account, { customerNo: lookup.customerNo });
      if (account) return account;
      throw new NotFoundError('account', lookup.customerNo);
    }
    if (lookup.email) {
      const email = lookup.email.toLowerCase();
      const account =
        (await this.em.findOne(Account, { email })) ??
        (
          await this.em.findOne(
            Contact,
            { email },
            { populate: ['account'], orderBy: { createdAt: 'asc' } },
          )
        )?.account;
      if (account) return account;
      throw new NotFoundError('account', lookup.email);
    }
    if (lookup.phone && phoneDigits(lookup.phone).length >= 5) {
      const digits = phoneDigits(lookup.phone);
      const rows = await this.em.execute<{ id: string }[]>(
        `select a.id from crm.account a
          where regexp_replace(coalesce(a.phone, ''), '\\D', '', 'g') = ?
             or exists (select 1 from crm.contact c where c.account_id = a.id and regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g') = ?)
          order by a.created_at limit 1`,
        [digits, digits],
      );
      if (rows[0]) return this.em.findOneOrFail(Account, { id: rows[0].id });
      throw new NotFoundError('account', lookup.phone);
    }
    throw new DomainError(
      'validation',
      'lookup-required',
      'give a customerNo, an email or a phone number',
    );
  }

  async profile(lookup: CustomerLookup, timelineLimit = 20): Promise<CustomerProfile> {
    const account = await this.find(lookup);
    const casePopulate = ['account', 'asset', 'dealer'] as const;
    const [contacts, openCases, recentCases, assets, openOpportunities, recentTimeline] = [
      await this.em.find(Contact, { account }, { orderBy: { createdAt: 'asc' } }),
      await this.em.find(
        ServiceCase,
        { account, status: { $ne: 'closed' } },
        { populate: casePopulate, orderBy: { openedAt: 'desc' } },
      ),
      await this.em.find(
        ServiceCase,
        { account },
        { populate: casePopulate, orderBy: { openedAt: 'desc' }, limit: 10 },
      ),
      await this.em.find(
        Asset,
        { account },
        { populate: ['account'], orderBy: { deliveredOn: 'desc' } },
      ),
      await this.em.find(
        Opportunity,
        { account, stage: { $nin: ['won', 'lost'] } },
        { populate: ['account'], orderBy: { createdAt: 'desc' } },
      ),
      await this.em.find(
        TimelineEntry,
        { account },
        { orderBy: { position: 'desc' }, limit: timelineLimit },
      ),
    ];
    return {
      account,
      contacts,
      slaHours: slaHours[account.serviceLevel],
      openCases,
      recentCases,
      assets,
      openOpportunities,
      recentTimeline,
    };
  }
}
