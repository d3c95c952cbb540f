import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { Account } from '../accounts/account.entity';
import { Asset } from '../assets/asset.entity';
import { ServiceCase } from '../cases/service-case.entity';
import { SLA_HOURS, type SlaHours, slaHours } from '../cases/sla.rule';
import { Contact } from '../contacts/contact.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { isLookupPhone, normalizedPhone, normalizedPhoneSql } from './phone.rule';

/** One of these finds the customer; the first one given counts. */
export interface CustomerLookup {
  customerNo?: string;
  email?: string;
  /** Compared normalized: digits and a leading + (phone.rule). */
  phone?: string;
  /** The serial number (or VIN) of one of the customer's assets. */
  serialNo?: string;
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

/** The CRM half of the customer 360: who the caller is and everything the front office knows. */
@Injectable()
export class CustomerProfileService {
  constructor(
    private readonly em: EntityManager,
    @Optional() @Inject(SLA_HOURS) private readonly sla: SlaHours = slaHours,
  ) {}

  /**
   * Finds the account by customerNo, email (account or contact), phone (account or contact, in
   * any formatting) or the serial number of one of its assets.
   */
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
      throw noAccountWith('email');
    }
    if (lookup.phone && isLookupPhone(lookup.phone)) {
      const phone = normalizedPhone(lookup.phone);
      const rows = await this.em.execute<{ id: string }[]>(
        `select a.id from crm.account a
          where ${normalizedPhoneSql('a.phone')} = ?
             or exists (select 1 from crm.contact c where c.account_id = a.id and ${normalizedPhoneSql('c.phone')} = ?)
          order by a.created_at limit 1`,
        [phone, phone],
      );
      if (rows[0]) return this.em.findOneOrFail(Account, { id: rows[0].id });
      throw noAccountWith('phone number');
    }
    if (lookup.serialNo) {
      const asset = await this.em.findOne(
        Asset,
        { serialNo: lookup.serialNo },
        { populate: ['account'] },
      );
      if (asset) return asset.account;
      throw noAccountWith('serial number');
    }
    throw new DomainError(
      'validation',
      'lookup-required',
      'give a customerNo, an email, a phone number (5 digits or more) or a serial number',
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
      slaHours: this.sla[account.serviceLevel],
      openCases,
      recentCases,
      assets,
      openOpportunities,
      recentTimeline,
    };
  }
}

/** Not found by a personal detail: the message names the kind of detail, never its value. */
function noAccountWith(what: string): DomainError {
  return new DomainError('not-found', 'account-not-found', `no account has this ${what}`);
}
