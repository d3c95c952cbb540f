import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Account } from '../accounts/account.entity';
import { Contact } from '../contacts/contact.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { nextDocumentNo } from '../shared/document-number.rule';
import type { PostalAddress } from '../shared/postal-address.embeddable';
import { assertTransition } from '../shared/status-machine.rule';
import { appendTimelineIn } from '../timeline/timeline.service';
import { Lead, type LeadSource, type LeadStatus, openLeadStatuses } from './lead.entity';
import { type LeadScore, type LeadScoreOutcome, scoreLead } from './lead-scoring.rule';
import { leadStatusMachine } from './lead-status.rule';
import { clip, isUuid } from '../shared/input.rule';

export interface CaptureLeadInput {
  source: LeadSource;
  company?: string;
  contactName: string;
  email: string;
  phone?: string;
  itemsOfInterest?: string[];
  estimatedValueMinor?: number;
  currency?: string;
  /**
   * The process capturing the lead (e.g. the lead-to-cash workflow id); it owns the lead. Unset
   * for the web form and REST.
   */
  ownerProcessId?: string;
}

export interface ConvertLeadInput {
  owner?: string;
  address?: PostalAddress;
  opportunityTitle?: string;
}

export interface ConvertedLead {
  lead: Lead;
  account: Account;
  contact: Contact;
  opportunity: Opportunity;
  /** False when the lead had been converted before: nothing was written this time. */
  converted: boolean;
}

export interface LeadFilter {
  status?: LeadStatus;
  source?: LeadSource;
  search?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class LeadService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records a lead, owned by the process that captures it.
   *
   * Without an owner (web form, REST) a capture with the email of an open lead is that lead
   * (the one no process owns first, else the oldest owned one); concurrent captures of one email
   * race on `lead_open_email_unowned_unique` and all get the winner.
   *
   * With an owner, the owner's open lead for the email is returned when there is one (a retry);
   * else the process claims the open lead no process owns yet, with a conditional update that
   * exactly one claimant wins; else it opens its own lead (`lead_open_email_owner_unique` makes
   * concurrent attempts of the same owner find one lead). So two processes capturing one email
   * at once each get their own lead, and a process never works a lead another process owns.
   */
  async capture(input: CaptureLeadInput): Promise<{ lead: Lead; created: boolean }> {
    const email = input.email.toLowerCase();
    const owner = input.ownerProcessId;
    // An owner is a process id: clipped, two long ids would share one lead; refuse it instead.
    if (owner !== undefined && owner.length > 200) {
      throw new DomainError(
        'validation',
        'invalid-owner',
        'ownerProcessId is longer than 200 characters',
        {
          field: 'ownerProcessId',
        },
      );
    }
    const open = { $in: [...openLeadStatuses] };
    const find = owner
      ? (em: EntityManager) => em.findOne(Lead, { email, ownerProcessId: owner, status: open })
      : async (em: EntityManager) =>
          (await em.findOne(Lead, { email, ownerProcessId: null, status: open })) ??
          (await em.findOne(
            Lead,
            { email, status: open },
            { orderBy: { createdAt: 'asc', id: 'asc' } },
          ));
    if (owner) {
      const mine = await find(this.em);
      if (mine) return { lead: mine, created: false };
      const claimed = await this.claimUnowned(email, owner);
      if (claimed) return { lead: claimed, created: false };
    }
    const { entity, created } = await createOnce(this.em, find, async (tx) => {
      const lead = tx.create(Lead, {
        leadNo: await nextDocumentNo(tx, 'lead_no_seq', 'L'),
        source: input.source,
        company: input.company,
        contactName: input.contactName,
        email,
        phone: input.phone,
        itemsOfInterest: input.itemsOfInterest ?? [],
        estimatedValueMinor: input.estimatedValueMinor ?? 0,
        currency: input.currency ?? 'EUR',
        ownerProcessId: owner,
      });
      await tx.flush();
      return lead;
    });
    return { lead: entity, created };
  }

  /**
   * Gives the open lead of an email that no process owns to `owner`, atomically: the update's
   * condition is re-checked on the row it locks, so of two concurrent claimants one gets the
   * lead and the other none. None also when the owner already holds an open lead for the email
   * (a concurrent attempt of the same process created it; the caller then finds that one).
   */
  private async claimUnowned(email: string, owner: string): Promise<Lead | null> {
    let rows: { id: string }[];
    try {
      rows = await this.em.execute<{ id: string }[]>(
        `update "crm"."lead" set "owner_process_id" = ?, "updated_at" = now()
          where "email" = ? and "status" in ('new', 'qualified') and "owner_process_id" is null
          returning "id"`,
        [owner, email],
      );
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return null;
      throw error;
    }
    if (rows.length === 0) return null;
    return this.em.findOne(Lead, { id: rows[0].id }, { refresh: true });
  }

  async get(idOrNo: string): Promise<Lead> {
    const lead = await this.em.findOne(Lead, isUuid(idOrNo) ? { id: idOrNo } : { leadNo: idOrNo });
    if (!lead) throw new NotFoundError('lead', idOrNo);
    return lead;
  }

  /**
   * Applies the scoring rules to a new lead: qualified and disqualified leads change status,
   * one that needs review stays new for a person to decide. A lead already decided keeps its
   * decision, so scoring again changes nothing.
   */
  async score(
    leadId: string,
  ): Promise<{ lead: Lead; outcome: LeadScoreOutcome; score: LeadScore }> {
    return this.em.transactional(async (tx) => {
      const lead = await this.lock(tx, leadId);
      const score = scoreLead(lead);
      if (lead.status !== 'new') {
        const outcome: LeadScoreOutcome =
          lead.status === 'disqualified' ? 'disqualified' : 'qualified';
        return { lead, outcome, score };
      }
      lead.score = score.score;
      if (score.outcome === 'qualified') lead.status = 'qualified';
      if (score.outcome === 'disqualified') {
        lead.status = 'disqualified';
        lead.disqualifiedReason = score.disqualifiedReason;
      }
      return { lead, outcome: score.outcome, score };
    });
  }

  /** A person's decision on a lead that needed review ("qualify lead" task). */
  async decide(leadId: string, decision: 'qualify' | 'disqualify', reason?: string): Promise<Lead> {
    return this.em.transactional(async (tx) => {
      const lead = await this.lock(tx, leadId);
      const target: LeadStatus = decision === 'qualify' ? 'qualified' : 'disqualified';
      if (lead.status === target) return lead;
      assertTransition(leadStatusMachine, 'lead', lead.leadNo, lead.status, target);
      if (target === 'disqualified') {
        if (!reason)
          throw new DomainError(
            'validation',
            'reason-required',
            'a disqualification needs a reason',
          );
        lead.disqualifiedReason = reason === undefined ? reason : clip(reason, 200);
      }
      lead.status = target;
      return lead;
    });
  }

  /**
   * Converts a qualified lead: the account (the customerNo assigned once, from the same sequence
   * as every account; an existing account with the lead's email is reused), its contact and an
   * opportunity. Under the lead's row lock, so converting twice, even at once, converts once.
   */
  async convert(leadId: string, input: ConvertLeadInput = {}): Promise<ConvertedLead> {
    return this.em.transactional(async (tx) => {
      const lead = await this.lock(tx, leadId);
      if (lead.status === 'converted') {
        const account = await tx.findOneOrFail(Account, { id: lead.accountId! });
        const contact = await tx.findOneOrFail(Contact, { id: lead.contactId! });
        const opportunity = await tx.findOneOrFail(
          Opportunity,
          { id: lead.opportunityId! },
          { populate: ['account'] },
        );
        return { lead, account, contact, opportunity, converted: false };
      }
      assertTransition(leadStatusMachine, 'lead', lead.leadNo, lead.status, 'converted');

      // Two processes converting leads of one person at once (each owns its lead) meet at the
      // account, one per email: the second waits here for the first, then finds its account.
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`crm.account:${lead.email}`]);
      let account = await tx.findOne(Account, { email: lead.email });
      if (!account) {
        // The transaction's em: see nextDocumentNo.
        const customerNo = await nextDocumentNo(tx, 'customer_no_seq', 'C');
        account = tx.create(Account, {
          customerNo,
          name: lead.company ?? lead.contactName,
          kind: lead.company ? 'business' : 'consumer',
          email: lead.email,
          phone: lead.phone,
          owner: input.owner,
          billingAddress: input.address,
        });
      }
      const contact =
        (await tx.findOne(Contact, { account, email: lead.email })) ??
        tx.create(Contact, {
          account,
          name: lead.contactName,
          email: lead.email,
          phone: lead.phone,
          role: 'primary',
        });
      const opportunity = tx.create(Opportunity, {
        opportunityNo: await nextDocumentNo(tx, 'opportunity_no_seq', 'OP'),
        account,
        sourceLeadId: lead.id,
        title:
          input.opportunityTitle ??
          `${lead.company ?? lead.contactName}: ${lead.itemsOfInterest.join(', ') || 'new business'}`.slice(
            0,
            200,
          ),
        amountMinor: lead.estimatedValueMinor,
        currency: lead.currency,
        lines: lead.itemsOfInterest.map((sku) => ({ sku, quantity: 1 })),
      });
      lead.status = 'converted';
      lead.accountId = account.id;
      lead.contactId = contact.id;
      lead.opportunityId = opportunity.id;
      lead.convertedAt = new Date();
      await appendTimelineIn(tx, account, {
        sourceKey: `lead-converted:${lead.leadNo}`,
        kind: 'lead-converted',
        summary: `Lead ${lead.leadNo} converted: opportunity ${opportunity.opportunityNo}`,
        details: { leadNo: lead.leadNo, opportunityNo: opportunity.opportunityNo },
      });
      return { lead, account, contact, opportunity, converted: true };
    });
  }

  async list(filter: LeadFilter): Promise<{ items: Lead[]; total: number }> {
    const where: FilterQuery<Lead> = {};
    if (filter.status) where.status = filter.status;
    if (filter.source) where.source = filter.source;
    if (filter.search) {
      const pattern = likePattern(filter.search);
      where.$or = [
        { contactName: { $ilike: pattern } },
        { company: { $ilike: pattern } },
        { email: { $ilike: pattern } },
        { phone: { $ilike: pattern } },
        { leadNo: filter.search },
      ];
    }
    const [items, total] = await this.em.findAndCount(Lead, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }

  private async lock(tx: EntityManager, leadId: string): Promise<Lead> {
    if (!isUuid(leadId)) throw new NotFoundError('lead', leadId);
    const lead = await tx.findOne(Lead, { id: leadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!lead) throw new NotFoundError('lead', leadId);
    return lead;
  }
}
