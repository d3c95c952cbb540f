import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { isUuid } from '../shared/input.rule';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Account, type ServiceLevel } from '../accounts/account.entity';
import { Dealer, type DealerCapability } from './dealer.entity';
import { type GeoPoint, rankDealers, type RankedDealer } from './dealer-routing.rule';
import { ServiceCase } from '../cases/service-case.entity';

export interface DealerInput {
  code: string;
  name: string;
  city: string;
  latitude: number;
  longitude: number;
  capabilities: DealerCapability[];
  serviceLevels: ServiceLevel[];
  openCapacity: number;
  active?: boolean;
}

export type DealerChange = Partial<Omit<DealerInput, 'code'>>;

export interface CandidateQuery {
  customerNo: string;
  capability: DealerCapability;
  excludeDealerIds?: string[];
  limit?: number;
}

export interface DealerFilter {
  city?: string;
  capability?: DealerCapability;
  serviceLevel?: ServiceLevel;
  active?: boolean;
  search?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class DealerService {
  constructor(private readonly em: EntityManager) {}

  /** Registers a dealer (admin); a second dealer with the same code is a conflict. */
  async create(input: DealerInput): Promise<Dealer> {
    if (await this.em.findOne(Dealer, { code: input.code })) throw dealerExists(input.code);
    try {
      return await this.em.transactional(async (tx) => {
        const dealer = tx.create(Dealer, { ...input, active: input.active ?? true });
        await tx.flush();
        return dealer;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw dealerExists(input.code);
      throw error;
    }
  }

  /** Creates the dealer unless its code exists; an existing one is left as it is (seed). */
  async ensure(input: DealerInput): Promise<{ dealer: Dealer; created: boolean }> {
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(Dealer, { code: input.code }),
      async (tx) => {
        const dealer = tx.create(Dealer, { ...input, active: input.active ?? true });
        await tx.flush();
        return dealer;
      },
    );
    return { dealer: entity, created };
  }

  async update(code: string, change: DealerChange): Promise<Dealer> {
    const dealer = await this.get(code);
    this.em.assign(dealer, change);
    await this.em.flush();
    return dealer;
  }

  async get(codeOrId: string): Promise<Dealer> {
    const dealer = await this.em.findOne(Dealer, {
      $or: [{ code: codeOrId }, ...(isUuid(codeOrId) ? [{ id: codeOrId }] : [])],
    });
    if (!dealer) throw new NotFoundError('dealer', codeOrId);
    return dealer;
  }

  /**
   * The dealers that may serve the customer, nearest first (great-circle distance from the
   * customer's shipping address, else billing address): with the capability, serving the
   * account's service level, with open capacity, not already asked.
   */
  async candidates(
    query: CandidateQuery,
  ): Promise<{ origin: GeoPoint; serviceLevel: ServiceLevel; ranked: RankedDealer<Dealer>[] }> {
    const account = await this.em.findOne(Account, { customerNo: query.customerNo });
    if (!account) throw new NotFoundError('account', query.customerNo);
    const origin = locationOf(account);
    const dealers = await this.em.find(Dealer, { active: true, openCapacity: { $gt: 0 } });
    // The customer's history: dealers that took its cases before.
    const served = await this.em.find(
      ServiceCase,
      { account, dealer: { $ne: null } },
      { fields: ['dealer'], orderBy: { openedAt: 'desc' }, limit: 50 },
    );
    return {
      origin,
      serviceLevel: account.serviceLevel,
      ranked: rankDealers(dealers, {
        origin,
        capability: query.capability,
        serviceLevel: account.serviceLevel,
        excludeDealerIds: query.excludeDealerIds,
        preferredDealerIds: served.map((c) => c.dealer!.id),
        limit: query.limit,
      }),
    };
  }

  async list(filter: DealerFilter): Promise<{ items: Dealer[]; total: number }> {
    const where: FilterQuery<Dealer> = {};
    if (filter.city) where.city = { $ilike: filter.city };
    if (filter.active !== undefined) where.active = filter.active;
    if (filter.capability) where.capabilities = { $contains: [filter.capability] };
    if (filter.serviceLevel) where.serviceLevels = { $contains: [filter.serviceLevel] };
    if (filter.search) {
      where.$or = [
        { name: { $ilike: likePattern(filter.search) } },
        { code: { $ilike: likePattern(filter.search) } },
      ];
    }
    const [items, total] = await this.em.findAndCount(Dealer, where, {
      orderBy: { code: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}

/** Where service visits go: the shipping address, else the billing address. */
export function locationOf(account: Account): GeoPoint {
  for (const address of [account.shippingAddress, account.billingAddress]) {
    if (typeof address?.latitude === 'number' && typeof address.longitude === 'number') {
      return { latitude: address.latitude, longitude: address.longitude };
    }
  }
  throw new DomainError(
    'business-rule',
    'customer-location-unknown',
    `account ${account.customerNo} has no address with coordinates to route from`,
    { customerNo: account.customerNo },
  );
}

function dealerExists(code: string): DomainError {
  return new DomainError('conflict', 'dealer-exists', `dealer ${code} already exists`, { code });
}
