import { Inject, Injectable, Optional } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Account } from '../accounts/account.entity';
import { Asset } from '../assets/asset.entity';
import { isInWarranty } from '../assets/warranty.rule';
import { Dealer } from '../dealers/dealer.entity';
import { isUuid } from '../shared/input.rule';
import { nextDocumentNo } from '../shared/document-number.rule';
import { assertTransition } from '../shared/status-machine.rule';
import { appendTimelineIn } from '../timeline/timeline.service';
import { caseStatusMachine } from './case-status.rule';
import {
  ServiceCase,
  type CaseKind,
  type CasePriority,
  type CaseStatus,
} from './service-case.entity';
import { SLA_HOURS, type SlaHours, slaDueAt, slaHours } from './sla.rule';

export interface OpenCaseInput {
  /** The caller's business key (e.g. `call:<callId>`): the same key twice is one case. */
  intakeKey: string;
  /** The customer; unset, the asset's owner. */
  customerNo?: string;
  serialNo?: string;
  kind: CaseKind;
  priority?: CasePriority;
  symptom: string;
  processId?: string;
}

export interface CaseUpdate {
  status: Extract<CaseStatus, 'in-progress' | 'resolved'>;
  resolution?: string;
  processId?: string;
}

export interface CaseFilter {
  status?: CaseStatus;
  kind?: CaseKind;
  priority?: CasePriority;
  customerNo?: string;
  dealerCode?: string;
  search?: string;
  limit: number;
  offset: number;
}

const populate = ['account', 'asset', 'dealer'] as const;

@Injectable()
export class ServiceCaseService {
  constructor(
    private readonly em: EntityManager,
    @Optional() @Inject(SLA_HOURS) private readonly sla: SlaHours = slaHours,
  ) {}

  /** Opens a case: entitlement from the asset's warranty, SLA due from the account's service level. */
  async open(input: OpenCaseInput): Promise<{ serviceCase: ServiceCase; created: boolean }> {
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(ServiceCase, { intakeKey: input.intakeKey }, { populate }),
      async (tx) => {
        let asset: Asset | null = null;
        if (input.serialNo) {
          asset = await tx.findOne(Asset, { serialNo: input.serialNo }, { populate: ['account'] });
          if (!asset) throw new NotFoundError('asset', input.serialNo);
        }
        // The caller named the customer, or the asset names its owner.
        const customerNo = input.customerNo ?? asset?.account.customerNo;
        if (!customerNo) {
          throw new DomainError(
            'validation',
            'customer-required',
            'name a customerNo or a serialNo',
          );
        }
        const account = await tx.findOne(Account, { customerNo });
        if (!account) throw new NotFoundError('account', customerNo);
        if (asset) {
          if (asset.account.id !== account.id) {
            throw new DomainError(
              'business-rule',
              'asset-of-other-customer',
              `asset ${input.serialNo} does not belong to ${customerNo}`,
              {
                serialNo: input.serialNo,
              },
            );
          }
        }
        const openedAt = new Date();
        const serviceCase = tx.create(ServiceCase, {
          caseNo: await nextDocumentNo(tx, 'case_no_seq', 'CS'),
          intakeKey: input.intakeKey,
          account,
          asset: asset ?? undefined,
          kind: input.kind,
          priority: input.priority ?? 'normal',
          symptom: input.symptom,
          inWarranty: asset ? isInWarranty(asset.warrantyEndsOn, openedAt) : false,
          openedAt,
          slaDueAt: slaDueAt(openedAt, account.serviceLevel, this.sla),
        });
        await appendTimelineIn(tx, account, {
          sourceKey: `case-opened:${serviceCase.caseNo}`,
          kind: 'case-opened',
          summary: `Case ${serviceCase.caseNo} opened (${input.kind}): ${input.symptom}`.slice(
            0,
            500,
          ),
          processId: input.processId,
          details: { caseNo: serviceCase.caseNo, slaDueAt: serviceCase.slaDueAt.toISOString() },
        });
        return serviceCase;
      },
    );
    return { serviceCase: entity, created };
  }

  async get(idOrNo: string): Promise<ServiceCase> {
    const serviceCase = await this.em.findOne(
      ServiceCase,
      isUuid(idOrNo) ? { id: idOrNo } : { caseNo: idOrNo },
      { populate },
    );
    if (!serviceCase) throw new NotFoundError('case', idOrNo);
    return serviceCase;
  }

  /**
   * Gives the case to a dealer that has the capability, serves the service level and has open
   * capacity (taking one). A case still `assigned` may go to another dealer, who gets the
   * capacity back. Assigning the same dealer again changes nothing.
   */
  async assignDealer(
    caseId: string,
    dealerCodeOrId: string,
    processId?: string,
  ): Promise<ServiceCase> {
    await this.em.transactional(async (tx) => {
      const serviceCase = await this.lock(tx, caseId);
      const dealer = await tx.findOne(
        Dealer,
        isUuid(dealerCodeOrId) ? { id: dealerCodeOrId } : { code: dealerCodeOrId },
        {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        },
      );
      if (!dealer) throw new NotFoundError('dealer', dealerCodeOrId);
      if (serviceCase.dealer?.id === dealer.id && serviceCase.status !== 'open') return;
      assertTransition(
        caseStatusMachine,
        'case',
        serviceCase.caseNo,
        serviceCase.status,
        'assigned',
      );
      const account = serviceCase.account;
      if (
        !dealer.active ||
        !dealer.capabilities.includes(serviceCase.kind) ||
        !dealer.serviceLevels.includes(account.serviceLevel)
      ) {
        throw new DomainError(
          'business-rule',
          'dealer-not-eligible',
          `dealer ${dealer.code} does not do ${serviceCase.kind} for ${account.serviceLevel} customers`,
          { dealerCode: dealer.code, kind: serviceCase.kind, serviceLevel: account.serviceLevel },
        );
      }
      if (dealer.openCapacity <= 0) {
        throw new DomainError(
          'business-rule',
          'dealer-without-capacity',
          `dealer ${dealer.code} has no open capacity`,
          { dealerCode: dealer.code },
        );
      }
      if (serviceCase.dealer) await this.releaseCapacity(tx, serviceCase.dealer.id);
      dealer.openCapacity -= 1;
      serviceCase.dealer = dealer;
      serviceCase.status = 'assigned';
      serviceCase.assignedAt = new Date();
      await appendTimelineIn(tx, account, {
        sourceKey: `case-assigned:${serviceCase.caseNo}:${dealer.code}`,
        kind: 'case-assigned',
        summary: `Case ${serviceCase.caseNo} assigned to ${dealer.name} (${dealer.city})`,
        processId,
        details: { caseNo: serviceCase.caseNo, dealerCode: dealer.code },
      });
    });
    this.em.clear();
    return this.get(caseId);
  }

  /** Work started or resolved; resolving gives the dealer its capacity back. */
  async update(caseId: string, update: CaseUpdate): Promise<ServiceCase> {
    await this.em.transactional(async (tx) => {
      const serviceCase = await this.lock(tx, caseId);
      if (serviceCase.status === update.status) return;
      assertTransition(
        caseStatusMachine,
        'case',
        serviceCase.caseNo,
        serviceCase.status,
        update.status,
      );
      if (update.status === 'resolved') {
        if (!update.resolution)
          throw new DomainError(
            'validation',
            'resolution-required',
            'a resolved case states its resolution',
          );
        serviceCase.resolution = update.resolution;
        serviceCase.resolvedAt = new Date();
        if (serviceCase.dealer) await this.releaseCapacity(tx, serviceCase.dealer.id);
      }
      serviceCase.status = update.status;
      await appendTimelineIn(tx, serviceCase.account, {
        sourceKey: `case-${update.status}:${serviceCase.caseNo}`,
        kind: `case-${update.status}`,
        summary:
          `Case ${serviceCase.caseNo} ${update.status}${update.resolution ? `: ${update.resolution}` : ''}`.slice(
            0,
            500,
          ),
        processId: update.processId,
        details: { caseNo: serviceCase.caseNo },
      });
    });
    this.em.clear();
    return this.get(caseId);
  }

  /** Closes a resolved case with the survey answer (1–5), or none when the survey timed out. */
  async close(caseId: string, satisfaction?: number, processId?: string): Promise<ServiceCase> {
    if (
      satisfaction !== undefined &&
      (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5)
    ) {
      throw new DomainError(
        'validation',
        'invalid-satisfaction',
        'satisfaction is an integer from 1 to 5',
      );
    }
    await this.em.transactional(async (tx) => {
      const serviceCase = await this.lock(tx, caseId);
      if (serviceCase.status === 'closed') return;
      assertTransition(caseStatusMachine, 'case', serviceCase.caseNo, serviceCase.status, 'closed');
      serviceCase.status = 'closed';
      serviceCase.satisfaction = satisfaction;
      serviceCase.closedAt = new Date();
      await appendTimelineIn(tx, serviceCase.account, {
        sourceKey: `case-closed:${serviceCase.caseNo}`,
        kind: 'case-closed',
        summary: `Case ${serviceCase.caseNo} closed${satisfaction ? `, satisfaction ${satisfaction}/5` : ''}`,
        processId,
        details: { caseNo: serviceCase.caseNo, ...(satisfaction ? { satisfaction } : {}) },
      });
    });
    this.em.clear();
    return this.get(caseId);
  }

  async list(filter: CaseFilter): Promise<{ items: ServiceCase[]; total: number }> {
    const where: FilterQuery<ServiceCase> = {};
    if (filter.status) where.status = filter.status;
    if (filter.kind) where.kind = filter.kind;
    if (filter.priority) where.priority = filter.priority;
    if (filter.customerNo) where.account = { customerNo: filter.customerNo };
    if (filter.dealerCode) where.dealer = { code: filter.dealerCode };
    if (filter.search)
      where.$or = [{ caseNo: filter.search }, { symptom: { $ilike: likePattern(filter.search) } }];
    const [items, total] = await this.em.findAndCount(ServiceCase, where, {
      populate,
      orderBy: { openedAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }

  private async lock(tx: EntityManager, caseId: string): Promise<ServiceCase> {
    const serviceCase = await tx.findOne(
      ServiceCase,
      isUuid(caseId) ? { id: caseId } : { caseNo: caseId },
      {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      },
    );
    if (!serviceCase) throw new NotFoundError('case', caseId);
    await tx.populate(serviceCase, ['account', 'dealer']);
    return serviceCase;
  }

  private async releaseCapacity(tx: EntityManager, dealerId: string): Promise<void> {
    const dealer = await tx.findOneOrFail(
      Dealer,
      { id: dealerId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    dealer.openCapacity += 1;
  }
}
