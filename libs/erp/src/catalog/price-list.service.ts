import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { AlreadyExistsError, CurrencyMismatchError, UnknownSkuError } from '../shared/erp.errors';
import type { CreatePriceListInput, SetPriceInput } from './catalog.schemas';
import { Item } from './item.entity';
import { PriceList } from './price-list.entity';
import { PriceListEntry } from './price-list-entry.entity';

@Injectable()
export class PriceListService {
  constructor(
    private readonly em: EntityManager,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  async create(input: CreatePriceListInput): Promise<PriceList> {
    const currency = input.currency ?? this.policy.ERP_CURRENCY;
    if (currency !== this.policy.ERP_CURRENCY) {
      throw new CurrencyMismatchError(this.policy.ERP_CURRENCY, currency);
    }
    try {
      return await this.em.transactional(async (tx) => {
        // One default list: making this one the default demotes the previous one.
        if (input.isDefault) {
          await tx.nativeUpdate(PriceList, { isDefault: true }, { isDefault: false });
        }
        const list = tx.create(PriceList, { ...input, currency });
        await tx.flush();
        return list;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new AlreadyExistsError('price list', input.code);
      }
      throw error;
    }
  }

  async get(code: string): Promise<PriceList> {
    const list = await this.em.findOne(PriceList, { code });
    if (!list) throw new NotFoundError('price-list', code);
    return list;
  }

  async list(): Promise<PriceList[]> {
    return this.em.find(PriceList, {}, { orderBy: { code: 'asc' } });
  }

  async entries(
    code: string,
    filter: { sku?: string; customerNo?: string; limit: number; offset: number },
  ): Promise<{ list: PriceList; items: PriceListEntry[]; total: number }> {
    const list = await this.get(code);
    const [items, total] = await this.em.findAndCount(
      PriceListEntry,
      {
        priceList: list,
        ...(filter.sku ? { item: { sku: filter.sku } } : {}),
        ...(filter.customerNo ? { customerNo: filter.customerNo } : {}),
      },
      {
        populate: ['item'],
        orderBy: { item: { sku: 'asc' }, customerNo: 'asc', minQuantity: 'asc' },
        limit: filter.limit,
        offset: filter.offset,
      },
    );
    return { list, items, total };
  }

  /**
   * Sets a price on a list: the list price (everyone, from 1), a quantity break (everyone, from
   * n) or a customer price. Setting the same scope again changes its price; nothing is duplicated.
   */
  async setPrice(code: string, input: SetPriceInput): Promise<PriceListEntry> {
    const list = await this.get(code);
    const item = await this.em.findOne(Item, { sku: input.sku });
    if (!item) throw new UnknownSkuError([input.sku]);
    const scope = {
      priceList: list,
      item,
      customerNo: input.customerNo ?? null,
      minQuantity: input.minQuantity,
    };
    for (let attempt = 0; ; attempt++) {
      const existing = await this.em.findOne(PriceListEntry, scope);
      if (existing) {
        existing.unitPriceMinor = input.unitPriceMinor;
        await this.em.flush();
        return existing;
      }
      try {
        const entry = this.em.create(PriceListEntry, {
          ...scope,
          customerNo: input.customerNo,
          unitPriceMinor: input.unitPriceMinor,
        });
        await this.em.flush();
        return entry;
      } catch (error) {
        // A concurrent writer created the same scope: update theirs instead.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
        this.em.clear();
      }
    }
  }
}
