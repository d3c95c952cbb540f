import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { clip, isUuid } from '../shared/input.rule';
import { lockOpportunity, OpportunityService } from '../opportunities/opportunity.service';
import { nextDocumentNo } from '../shared/document-number.rule';
import { assertTransition } from '../shared/status-machine.rule';
import { appendTimelineIn } from '../timeline/timeline.service';
import { QuoteLine } from './quote-line.entity';
import { priceQuote, type QuoteLineInput } from './quote-pricing.rule';
import { quoteStatusMachine } from './quote-status.rule';
import { Quote, type QuoteStatus } from './quote.entity';

export interface CreateQuoteInput {
  /** The caller's business key, e.g. `quote:<opportunityNo>:1`; the same key is the same quote. */
  quoteKey: string;
  opportunityId: string;
  currency: string;
  taxRateBasisPoints: number;
  validUntil: Date;
  lines: QuoteLineInput[];
}

export interface QuoteStatusChange {
  status: QuoteStatus;
  /** Who approved (required for `approved`): a user, or `rules` when no approval was needed. */
  by?: string;
  comment?: string;
  /** Why it was rejected or expired. */
  reason?: string;
  processId?: string;
}

export interface QuoteFilter {
  status?: QuoteStatus;
  customerNo?: string;
  opportunityId?: string;
  search?: string;
  limit: number;
  offset: number;
}

const timelineKinds: Partial<Record<QuoteStatus, string>> = {
  sent: 'quote-sent',
  accepted: 'quote-accepted',
  rejected: 'quote-rejected',
  expired: 'quote-expired',
};

@Injectable()
export class QuoteService {
  constructor(
    private readonly em: EntityManager,
    private readonly opportunities: OpportunityService,
  ) {}

  /**
   * Records a quote from lines the ERP priced: line amounts rounded once per line, totals the
   * sums of the lines. Moves the opportunity to proposal. The same quoteKey returns the same quote.
   */
  async create(input: CreateQuoteInput): Promise<{ quote: Quote; created: boolean }> {
    const priced = priceQuote(input.lines, input.taxRateBasisPoints);
    const { entity, created } = await createOnce(
      this.em,
      (em) =>
        em.findOne(
          Quote,
          { quoteKey: input.quoteKey },
          { populate: ['lines', 'account', 'opportunity'] },
        ),
      async (tx) => {
        const opportunity = await lockOpportunity(tx, input.opportunityId);
        if (opportunity.stage === 'won' || opportunity.stage === 'lost') {
          throw new DomainError(
            'business-rule',
            'opportunity-closed',
            `opportunity ${opportunity.opportunityNo} is ${opportunity.stage}; it takes no new quotes`,
            { stage: opportunity.stage },
          );
        }
        const quoted = await tx.count(Quote, { opportunity });
        if (quoted > 0 && opportunity.currency !== input.currency) {
          throw new DomainError(
            'business-rule',
            'currency-mismatch',
            `opportunity ${opportunity.opportunityNo} is quoted in ${opportunity.currency}`,
            { currency: opportunity.currency },
          );
        }
        // The first quote sets the opportunity's currency and amount; the lead's was an estimate.
        opportunity.currency = input.currency;
        await this.opportunities.advanceIn(
          tx,
          opportunity,
          opportunity.stage === 'qualification' ? 'proposal' : opportunity.stage,
        );
        opportunity.amountMinor = priced.netMinor;
        const quote = tx.create(Quote, {
          quoteNo: await nextDocumentNo(tx, 'quote_no_seq', 'Q'),
          quoteKey: input.quoteKey,
          opportunity,
          account: opportunity.account,
          currency: input.currency,
          taxRateBasisPoints: input.taxRateBasisPoints,
          grossMinor: priced.grossMinor,
          discountMinor: priced.discountMinor,
          netMinor: priced.netMinor,
          taxMinor: priced.taxMinor,
          totalMinor: priced.totalMinor,
          validUntil: input.validUntil,
        });
        for (const line of priced.lines) tx.create(QuoteLine, { ...line, quote });
        await tx.flush();
        return quote;
      },
    );
    return { quote: entity, created };
  }

  async get(idOrNo: string): Promise<Quote> {
    const quote = await this.em.findOne(
      Quote,
      isUuid(idOrNo) ? { id: idOrNo } : { quoteNo: idOrNo },
      {
        populate: ['lines', 'account', 'opportunity'],
      },
    );
    if (!quote) throw new NotFoundError('quote', idOrNo);
    return quote;
  }

  /** Moves a quote along its status machine; the same status again changes nothing. */
  async setStatus(quoteId: string, change: QuoteStatusChange): Promise<Quote> {
    await this.em.transactional(async (tx) => {
      const quote = await tx.findOne(
        Quote,
        isUuid(quoteId) ? { id: quoteId } : { quoteNo: quoteId },
        {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        },
      );
      if (!quote) throw new NotFoundError('quote', quoteId);
      if (quote.status === change.status) return;
      assertTransition(quoteStatusMachine, 'quote', quote.quoteNo, quote.status, change.status);
      if (change.status === 'approved') {
        if (!change.by)
          throw new DomainError(
            'validation',
            'approver-required',
            'an approval records who approved',
          );
        quote.approvedBy = change.by;
        quote.approvedAt = new Date();
        quote.approvalComment =
          change.comment === undefined ? undefined : clip(change.comment, 1000);
      }
      if (change.status === 'accepted' && quote.validUntil.getTime() < Date.now()) {
        throw new DomainError(
          'business-rule',
          'quote-past-valid-until',
          `quote ${quote.quoteNo} was valid until ${quote.validUntil.toISOString()}`,
        );
      }
      if (change.status === 'rejected' || change.status === 'expired') {
        quote.statusReason = clip(change.reason ?? change.comment ?? change.status, 200);
      }
      quote.status = change.status;
      if (change.status === 'sent') {
        // A quote in the customer's hands puts its opportunity into negotiation.
        const opportunity = await lockOpportunity(tx, quote.opportunity.id);
        if (opportunity.stage === 'proposal') {
          await this.opportunities.advanceIn(tx, opportunity, 'negotiation');
        }
      }
      const kind = timelineKinds[change.status];
      if (kind) {
        await tx.populate(quote, ['account']);
        await appendTimelineIn(tx, quote.account, {
          sourceKey: `${kind}:${quote.quoteNo}`,
          kind,
          summary: `Quote ${quote.quoteNo} ${change.status} (total ${quote.totalMinor} ${quote.currency} minor units)`,
          processId: change.processId,
          details: { quoteNo: quote.quoteNo, totalMinor: quote.totalMinor },
        });
      }
    });
    this.em.clear();
    return this.get(quoteId);
  }

  async list(filter: QuoteFilter): Promise<{ items: Quote[]; total: number }> {
    const where: FilterQuery<Quote> = {};
    if (filter.status) where.status = filter.status;
    if (filter.customerNo) where.account = { customerNo: filter.customerNo };
    if (filter.opportunityId) where.opportunity = filter.opportunityId;
    if (filter.search) where.$or = [{ quoteNo: filter.search }, { quoteKey: filter.search }];
    const [items, total] = await this.em.findAndCount(Quote, where, {
      populate: ['lines', 'account', 'opportunity'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}
