import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { clip, isUuid } from '../shared/input.rule';
import { assertTransition } from '../shared/status-machine.rule';
import { appendTimelineIn } from '../timeline/timeline.service';
import { Opportunity, type OpportunityStage } from './opportunity.entity';
import { opportunityStageMachine } from './opportunity-stage.rule';

export interface ErpDocuments {
  orderNo?: string;
  shipmentNos?: string[];
  invoiceNos?: string[];
}

export interface OpportunityFilter {
  stage?: OpportunityStage;
  customerNo?: string;
  search?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class OpportunityService {
  constructor(private readonly em: EntityManager) {}

  async get(idOrNo: string): Promise<Opportunity> {
    const opportunity = await this.em.findOne(
      Opportunity,
      isUuid(idOrNo) ? { id: idOrNo } : { opportunityNo: idOrNo },
      { populate: ['account'] },
    );
    if (!opportunity) throw new NotFoundError('opportunity', idOrNo);
    return opportunity;
  }

  /** Won by the sales order it led to; winning again with the same order changes nothing. */
  async markWon(opportunityId: string, orderNo: string, processId?: string): Promise<Opportunity> {
    return this.em.transactional(async (tx) => {
      const opportunity = await lockOpportunity(tx, opportunityId);
      if (opportunity.stage === 'won') {
        if (opportunity.erpOrderNo === orderNo) return opportunity;
        throw new DomainError(
          'conflict',
          'opportunity-won-by-other-order',
          `opportunity ${opportunity.opportunityNo} was won by order ${opportunity.erpOrderNo}`,
          { orderNo: opportunity.erpOrderNo },
        );
      }
      assertTransition(
        opportunityStageMachine,
        'opportunity',
        opportunity.opportunityNo,
        opportunity.stage,
        'won',
      );
      opportunity.stage = 'won';
      opportunity.erpOrderNo = orderNo;
      opportunity.closedAt = new Date();
      await appendTimelineIn(tx, opportunity.account, {
        sourceKey: `opportunity-won:${opportunity.opportunityNo}`,
        kind: 'order-confirmed',
        summary: `Order ${orderNo} confirmed; opportunity ${opportunity.opportunityNo} won`,
        processId,
        details: { opportunityNo: opportunity.opportunityNo, orderNo },
      });
      return opportunity;
    });
  }

  /** Lost with a reason (e.g. `expired`, `cancelled`); losing again keeps the first reason. */
  async markLost(opportunityId: string, reason: string, processId?: string): Promise<Opportunity> {
    return this.em.transactional(async (tx) => {
      const opportunity = await lockOpportunity(tx, opportunityId);
      if (opportunity.stage === 'lost') return opportunity;
      assertTransition(
        opportunityStageMachine,
        'opportunity',
        opportunity.opportunityNo,
        opportunity.stage,
        'lost',
      );
      opportunity.stage = 'lost';
      opportunity.lostReason = clip(reason, 200);
      opportunity.closedAt = new Date();
      await appendTimelineIn(tx, opportunity.account, {
        sourceKey: `opportunity-lost:${opportunity.opportunityNo}`,
        kind: 'opportunity-lost',
        summary: clip(`Opportunity ${opportunity.opportunityNo} lost: ${reason}`, 500),
        processId,
        details: { opportunityNo: opportunity.opportunityNo, reason },
      });
      return opportunity;
    });
  }

  /** Moves an open opportunity forward (e.g. to proposal when a quote is made); never backwards. */
  async advanceIn(
    tx: EntityManager,
    opportunity: Opportunity,
    stage: OpportunityStage,
  ): Promise<void> {
    if (opportunity.stage === stage) return;
    assertTransition(
      opportunityStageMachine,
      'opportunity',
      opportunity.opportunityNo,
      opportunity.stage,
      stage,
    );
    opportunity.stage = stage;
    await tx.flush();
  }

  /** Records the ERP documents that came from the opportunity; adding known numbers changes nothing. */
  async linkErpDocuments(opportunityId: string, documents: ErpDocuments): Promise<Opportunity> {
    return this.em.transactional(async (tx) => {
      const opportunity = await lockOpportunity(tx, opportunityId);
      if (
        documents.orderNo &&
        opportunity.erpOrderNo &&
        opportunity.erpOrderNo !== documents.orderNo
      ) {
        throw new DomainError(
          'conflict',
          'opportunity-has-other-order',
          `opportunity ${opportunity.opportunityNo} is linked to order ${opportunity.erpOrderNo}`,
          { orderNo: opportunity.erpOrderNo },
        );
      }
      if (documents.orderNo && !opportunity.erpOrderNo) opportunity.erpOrderNo = documents.orderNo;
      const union = (known: string[], more: string[] = []): string[] | undefined => {
        const added = more.filter((n) => !known.includes(n));
        return added.length ? [...known, ...new Set(added)] : undefined;
      };
      const shipments = union(opportunity.erpShipmentNos, documents.shipmentNos);
      if (shipments) opportunity.erpShipmentNos = shipments;
      const invoices = union(opportunity.erpInvoiceNos, documents.invoiceNos);
      if (invoices) opportunity.erpInvoiceNos = invoices;
      return opportunity;
    });
  }

  async list(filter: OpportunityFilter): Promise<{ items: Opportunity[]; total: number }> {
    const where: FilterQuery<Opportunity> = {};
    if (filter.stage) where.stage = filter.stage;
    if (filter.customerNo) where.account = { customerNo: filter.customerNo };
    if (filter.search) {
      where.$or = [
        { title: { $ilike: likePattern(filter.search) } },
        { opportunityNo: filter.search },
        { account: { name: { $ilike: likePattern(filter.search) } } },
      ];
    }
    const [items, total] = await this.em.findAndCount(Opportunity, where, {
      populate: ['account'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}

export async function lockOpportunity(
  tx: EntityManager,
  opportunityId: string,
): Promise<Opportunity> {
  const where = isUuid(opportunityId) ? { id: opportunityId } : { opportunityNo: opportunityId };
  const opportunity = await tx.findOne(Opportunity, where, {
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
  if (!opportunity) throw new NotFoundError('opportunity', opportunityId);
  await tx.populate(opportunity, ['account']);
  return opportunity;
}
