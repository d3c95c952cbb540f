import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from '../customers/customer.entity';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { lineAmounts } from '../shared/money.rule';
import { assertQuantity } from '../shared/erp.errors';
import type { PriceLinesInput } from './catalog.schemas';
import { Item } from './item.entity';
import { PriceList } from './price-list.entity';
import { PriceListEntry } from './price-list-entry.entity';
import { choosePrice, type AppliedPriceSource } from './price.rule';
import { ItemService } from './item.service';

export interface PricedLine {
  sku: string;
  name: string;
  quantity: number;
  listPriceMinor: number;
  unitPriceMinor: number;
  /** Which price applied: list, customer price or quantity break. */
  source: AppliedPriceSource;
  /** The break the price starts at (1 for list prices). */
  minQuantity: number;
  netMinor: number;
  taxMinor: number;
}

export interface PricedLines {
  customerNo?: string;
  priceList?: string;
  currency: string;
  taxRateBp: number;
  lines: PricedLine[];
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
}

/** Prices lines from the customer's price list (or the default list, or item list prices). */
@Injectable()
export class PricingService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ItemService,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  async priceLines(input: PriceLinesInput): Promise<PricedLines> {
    input.lines.forEach((line, i) => assertQuantity(`lines.${i}.quantity`, line.quantity));
    const customer = input.customerNo
      ? await this.em.findOne(
          Customer,
          { customerNo: input.customerNo },
          { populate: ['priceList'] },
        )
      : null;
    const items = await this.items.requireAll(
      this.em,
      input.lines.map((l) => l.sku),
    );
    const priced = await this.price(
      this.em,
      customer?.priceList,
      input.customerNo,
      input.lines.map((l) => ({ item: items.get(l.sku)!, quantity: l.quantity })),
    );
    const lines = priced.map((p) => {
      const amounts = lineAmounts(p.quantity, p.unitPriceMinor, 0, this.policy.ERP_TAX_RATE_BP);
      return { ...p, ...amounts };
    });
    const netMinor = lines.reduce((sum, l) => sum + l.netMinor, 0);
    const taxMinor = lines.reduce((sum, l) => sum + l.taxMinor, 0);
    const list = customer?.priceList ?? (await this.defaultList(this.em));
    return {
      ...(input.customerNo ? { customerNo: input.customerNo } : {}),
      ...(list ? { priceList: list.code } : {}),
      currency: this.policy.ERP_CURRENCY,
      taxRateBp: this.policy.ERP_TAX_RATE_BP,
      lines,
      netMinor,
      taxMinor,
      grossMinor: netMinor + taxMinor,
    };
  }

  /** Unit prices for lines of items, in `em` (a document's transaction or the request). */
  async price(
    em: EntityManager,
    customerList: PriceList | undefined,
    customerNo: string | undefined,
    lines: { item: Item; quantity: number }[],
  ): Promise<Omit<PricedLine, 'netMinor' | 'taxMinor'>[]> {
    const list = customerList ?? (await this.defaultList(em));
    const entries = list
      ? await em.find(PriceListEntry, {
          priceList: list,
          item: { $in: lines.map((l) => l.item.id) },
          $or: [{ customerNo: null }, ...(customerNo ? [{ customerNo }] : [])],
        })
      : [];
    return lines.map(({ item, quantity }) => {
      const chosen = choosePrice(
        item.listPriceMinor,
        entries.filter((e) => e.item.id === item.id),
        customerNo,
        quantity,
      );
      return {
        sku: item.sku,
        name: item.name,
        quantity,
        listPriceMinor: item.listPriceMinor,
        unitPriceMinor: chosen.unitPriceMinor,
        source: chosen.source,
        minQuantity: chosen.minQuantity,
      };
    });
  }

  private defaultList(em: EntityManager): Promise<PriceList | null> {
    return em.findOne(PriceList, { isDefault: true });
  }
}
