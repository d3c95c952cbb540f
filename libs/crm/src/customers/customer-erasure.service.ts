import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  ERASED_TEXT,
  erasedCustomerName,
  erasedDetails,
  erasedEmail,
  erasedReason,
  isCode,
  isItemReference,
  NotFoundError,
  referencesIn,
} from '@throughline/common';
import type { CrmErasureResult } from '@throughline/contracts';
import { Account } from '../accounts/account.entity';
import { ServiceCase } from '../cases/service-case.entity';
import { Contact } from '../contacts/contact.entity';
import { Lead, openLeadStatuses } from '../leads/lead.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { Quote } from '../quotes/quote.entity';
import { clip } from '../shared/input.rule';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { appendTimelineIn } from '../timeline/timeline.service';

/** Why an open lead of an erased customer is closed. */
export const ERASED_LEAD_REASON = 'personal-data-erased';

/** The timeline entry that records an erasure (one per account). */
export const erasureSourceKey = (customerNo: string): string =>
  `personal-data-erased:${customerNo}`;

/**
 * The right to be forgotten, CRM half: replaces everything personal about a customer and keeps
 * what the business history needs (ids, numbers, amounts, dates, statuses, serial numbers, the
 * customerNo), so every invariant still holds.
 */
@Injectable()
export class CustomerErasureService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Erases the personal data of the customer with this customerNo, in one transaction under the
   * account's row lock:
   * - account: name `Erased customer <customerNo>`, a placeholder e-mail of its own, no phone,
   *   no billing or shipping address (nor coordinates); kept on credit hold, as the ERP keeps it;
   * - contacts: name, placeholder e-mail, no phone; a role that is not a code;
   * - leads converted into the account or with the e-mail of the account or a contact: contact
   *   name, company, e-mail, phone, free-text interests, a written disqualification reason; an
   *   open one is disqualified (`personal-data-erased`), so nobody converts it again;
   * - opportunities (title, lost reason, free-text lines), quotes (approval comment, written
   *   status reason), service cases (symptom, resolution);
   * - timeline entries: the summary becomes `(erased) <kind>: <document numbers>`, details keep
   *   only numbers and references.
   *
   * Then records the erasure on the account (`erasedAt`, `erasureRef`, the counts) and appends
   * one `personal-data-erased` entry. A customer erased before gets the first erasure's result
   * back and nothing changes. An unknown customerNo is `account-not-found`.
   */
  async erase(customerNo: string, erasureRef: string): Promise<CrmErasureResult> {
    return this.em.transactional(async (tx) => {
      const account = await tx.findOne(
        Account,
        { customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!account) throw new NotFoundError('account', customerNo);
      if (account.erasedAt && account.erasureSummary) return account.erasureSummary;

      const contacts = await tx.find(Contact, { account }, { orderBy: { createdAt: 'asc' } });
      const emails = [...new Set([account.email, ...contacts.map((c) => c.email)])];
      const leads = await tx.find(
        Lead,
        { $or: [{ accountId: account.id }, { email: { $in: emails }, accountId: null }] },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      const opportunities = await tx.find(Opportunity, { account });
      const quotes = await tx.find(Quote, { account });
      const cases = await tx.find(ServiceCase, { account });
      const entries = await tx.find(TimelineEntry, { account }, { orderBy: { position: 'asc' } });

      const name = erasedCustomerName(customerNo);
      account.name = name;
      account.email = erasedEmail('account', customerNo);
      account.phone = undefined;
      account.billingAddress = undefined;
      account.shippingAddress = undefined;
      // Nothing new is sold to an erased customer: the ERP puts it on credit hold (anonymizeCustomer).
      account.creditHold = true;

      for (const contact of contacts) {
        contact.name = 'Erased contact';
        contact.email = erasedEmail('contact', contact.id);
        contact.phone = undefined;
        if (contact.role !== undefined && contact.role !== null && !isCode(contact.role)) {
          contact.role = undefined;
        }
      }

      for (const lead of leads) {
        lead.contactName = name;
        lead.company = undefined;
        lead.email = erasedEmail('lead', lead.leadNo);
        lead.phone = undefined;
        lead.itemsOfInterest = lead.itemsOfInterest.filter(isItemReference);
        lead.disqualifiedReason = erasedReason(lead.disqualifiedReason);
        if (openLeadStatuses.includes(lead.status)) {
          // new / qualified → disqualified is an edge of the lead's machine.
          lead.status = 'disqualified';
          lead.disqualifiedReason = ERASED_LEAD_REASON;
        }
      }

      for (const opportunity of opportunities) {
        opportunity.title = `${name}: ${opportunity.opportunityNo}`;
        opportunity.lostReason = erasedReason(opportunity.lostReason);
        opportunity.lines = opportunity.lines.map((line) =>
          isItemReference(line.sku) ? line : { ...line, sku: ERASED_TEXT },
        );
      }

      for (const quote of quotes) {
        if (quote.approvalComment) quote.approvalComment = ERASED_TEXT;
        quote.statusReason = erasedReason(quote.statusReason);
      }

      for (const serviceCase of cases) {
        serviceCase.symptom = ERASED_TEXT;
        if (serviceCase.resolution) serviceCase.resolution = ERASED_TEXT;
      }

      for (const entry of entries) {
        const kind = isCode(entry.kind) ? entry.kind : 'entry';
        const details = erasedDetails(entry.details);
        const references = referencesIn(details);
        entry.kind = kind;
        entry.details = details;
        entry.summary = clip(
          `${ERASED_TEXT} ${kind}${references.length > 0 ? `: ${references.join(', ')}` : ''}`,
          500,
        );
      }

      const erasedAt = new Date();
      const result: CrmErasureResult = {
        customerNo,
        erasureRef,
        erasedAt: erasedAt.toISOString(),
        accounts: 1,
        contacts: contacts.length,
        leads: leads.length,
        opportunities: opportunities.length,
        quotes: quotes.length,
        serviceCases: cases.length,
        timelineEntries: entries.length,
      };
      account.erasedAt = erasedAt;
      account.erasureRef = erasureRef;
      account.erasureSummary = result;
      await appendTimelineIn(tx, account, {
        sourceKey: erasureSourceKey(customerNo),
        kind: 'personal-data-erased',
        summary: 'Personal data erased',
        occurredAt: erasedAt,
        details: { erasureRef },
      });
      return result;
    });
  }
}
