import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { Account } from '../accounts/account.entity';
import { isUuid } from '../shared/input.rule';
import { appendTimelineIn } from '../timeline/timeline.service';
import { Asset } from './asset.entity';
import { assetDates } from './warranty.rule';

export interface DeliveredItem {
  serialNo: string;
  sku: string;
  itemName: string;
  /** YYYY-MM-DD */
  deliveredOn: string;
  warrantyMonths: number;
  maintenanceIntervalMonths?: number;
}

export interface RegisterAssetsInput {
  customerNo: string;
  shipmentNo?: string;
  items: DeliveredItem[];
  processId?: string;
}

export interface AssetFilter {
  customerNo?: string;
  sku?: string;
  search?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class AssetService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Hands delivered serialized items over as the customer's assets, with warranty end and next
   * maintenance. One asset per serial number: registering again returns the same assets; a
   * serial that belongs to another customer is a conflict.
   */
  async register(input: RegisterAssetsInput): Promise<{ assets: Asset[]; created: number }> {
    input.items.forEach(assertDeliveredItem);
    return this.em.transactional(async (tx) => {
      const account = await tx.findOne(
        Account,
        { customerNo: input.customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!account) throw new NotFoundError('account', input.customerNo);
      const assets: Asset[] = [];
      let created = 0;
      for (const item of input.items) {
        const existing = await tx.findOne(
          Asset,
          { serialNo: item.serialNo },
          { populate: ['account'] },
        );
        if (existing) {
          if (existing.account.id !== account.id) {
            throw new DomainError(
              'conflict',
              'asset-serial-taken',
              `serial ${item.serialNo} belongs to account ${existing.account.customerNo}`,
              {
                serialNo: item.serialNo,
              },
            );
          }
          assets.push(existing);
          continue;
        }
        const dates = assetDates(
          item.deliveredOn,
          item.warrantyMonths,
          item.maintenanceIntervalMonths,
        );
        assets.push(
          tx.create(Asset, {
            serialNo: item.serialNo,
            account,
            sku: item.sku,
            itemName: item.itemName,
            shipmentNo: input.shipmentNo,
            deliveredOn: item.deliveredOn,
            ...dates,
          }),
        );
        created += 1;
      }
      if (created > 0) {
        const key = input.shipmentNo ?? input.items.map((i) => i.serialNo).join(',');
        await appendTimelineIn(tx, account, {
          sourceKey: `assets-handed-over:${key}`.slice(0, 200),
          kind: 'assets-handed-over',
          summary: `${input.items.length} item(s) handed over${input.shipmentNo ? ` from ${input.shipmentNo}` : ''}`,
          processId: input.processId,
          details: { serialNos: input.items.map((i) => i.serialNo) },
        });
      }
      await tx.flush();
      return { assets, created };
    });
  }

  async get(serialOrId: string): Promise<Asset> {
    const asset = await this.em.findOne(
      Asset,
      {
        $or: [{ serialNo: serialOrId }, ...(isUuid(serialOrId) ? [{ id: serialOrId }] : [])],
      },
      { populate: ['account'] },
    );
    if (!asset) throw new NotFoundError('asset', serialOrId);
    return asset;
  }

  async list(filter: AssetFilter): Promise<{ items: Asset[]; total: number }> {
    const where: FilterQuery<Asset> = {};
    if (filter.customerNo) where.account = { customerNo: filter.customerNo };
    if (filter.sku) where.sku = filter.sku;
    if (filter.search) {
      where.$or = [
        { serialNo: { $ilike: likePattern(filter.search) } },
        { itemName: { $ilike: likePattern(filter.search) } },
        { sku: { $ilike: likePattern(filter.search) } },
      ];
    }
    const [items, total] = await this.em.findAndCount(Asset, where, {
      populate: ['account'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}

/** A delivered item the ERP reported; refused (not retried) when its dates or months are not usable. */
function assertDeliveredItem(item: DeliveredItem, index: number): void {
  const isDate =
    /^\d{4}-\d{2}-\d{2}$/.test(item.deliveredOn) &&
    new Date(`${item.deliveredOn}T00:00:00Z`).toISOString().startsWith(item.deliveredOn);
  const months = (value: number | undefined): boolean =>
    value === undefined || (Number.isInteger(value) && value >= 0 && value <= 600);
  if (
    !item.serialNo ||
    !isDate ||
    !months(item.warrantyMonths) ||
    !months(item.maintenanceIntervalMonths)
  ) {
    throw new DomainError(
      'validation',
      'invalid-delivered-item',
      `item ${index + 1} (${item.serialNo}) needs a serial number, a YYYY-MM-DD delivery date and whole months`,
      { serialNo: item.serialNo },
    );
  }
}
