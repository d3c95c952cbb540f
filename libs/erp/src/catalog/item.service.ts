import { Inject, Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { likePattern, NotFoundError } from '@throughline/common';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { AlreadyExistsError, ItemNotFoundError, UnknownSkuError } from '../shared/erp.errors';
import type { CreateItemInput, ItemQuery, UpdateItemInput } from './catalog.schemas';
import { Item } from './item.entity';

@Injectable()
export class ItemService {
  constructor(
    private readonly em: EntityManager,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  async create(input: CreateItemInput): Promise<Item> {
    const item = this.em.create(Item, { ...input, currency: this.policy.ERP_CURRENCY });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new AlreadyExistsError('item', input.sku);
      }
      throw error;
    }
    return item;
  }

  async update(sku: string, patch: UpdateItemInput): Promise<Item> {
    const item = await this.get(sku);
    this.em.assign(item, patch);
    await this.em.flush();
    return item;
  }

  async get(sku: string): Promise<Item> {
    const item = await this.em.findOne(Item, { sku });
    if (!item) throw new NotFoundError('item', sku);
    return item;
  }

  /**
   * The items of the given skus, in the order asked (each once), inactive ones included: a
   * description of what an order or asset names. Any unknown sku is `item-not-found`.
   */
  async describe(skus: string[]): Promise<Item[]> {
    const unique = [...new Set(skus)];
    const items = await this.em.find(Item, { sku: { $in: unique } });
    const bySku = new Map(items.map((item) => [item.sku, item]));
    const missing = unique.filter((sku) => !bySku.has(sku));
    if (missing.length > 0) throw new ItemNotFoundError(missing);
    return unique.map((sku) => bySku.get(sku)!);
  }

  /** Loads items by sku for a document; every sku must exist and be active. */
  async requireAll(em: EntityManager, skus: string[]): Promise<Map<string, Item>> {
    const unique = [...new Set(skus)];
    const items = await em.find(Item, { sku: { $in: unique }, active: true });
    const bySku = new Map(items.map((item) => [item.sku, item]));
    const missing = unique.filter((sku) => !bySku.has(sku));
    if (missing.length > 0) throw new UnknownSkuError(missing);
    return bySku;
  }

  async list(query: ItemQuery): Promise<{ items: Item[]; total: number }> {
    const where: FilterQuery<Item> = {};
    if (query.search) {
      where.$or = [{ name: { $ilike: likePattern(query.search) } }, { sku: query.search }];
    }
    if (query.kind) where.kind = query.kind;
    if (query.active) where.active = query.active === 'true';
    const [items, total] = await this.em.findAndCount(Item, where, {
      orderBy: { sku: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }
}
