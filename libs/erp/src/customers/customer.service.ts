import { Inject, Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import type { UpsertCustomerInput } from './customers.schemas';
import { PriceList } from '../catalog/price-list.entity';
import { Customer } from './customer.entity';

export interface UpdateCustomerTermsInput {
  paymentTermsDays?: number;
  creditLimitMinor?: number;
  /** A price list code, or null for the default list. */
  priceListCode?: string | null;
}

@Injectable()
export class CustomerService {
  constructor(
    private readonly em: EntityManager,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  /**
   * Creates the customer master for a customerNo with the default terms and credit limit, or
   * brings the contact data CRM owns up to date. Terms, limit and hold stay ERP's: an existing
   * customer keeps them. The same call twice writes nothing the second time. An anonymized
   * customer (right to be forgotten) is returned as it is.
   */
  async upsertCustomer(
    input: UpsertCustomerInput,
  ): Promise<{ customer: Customer; created: boolean }> {
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(Customer, { customerNo: input.customerNo }, { populate: ['priceList'] }),
      async (em) => {
        const customer = em.create(Customer, {
          customerNo: input.customerNo,
          legalName: input.legalName,
          email: input.email.toLowerCase(),
          billingAddress: input.billingAddress,
          paymentTermsDays: this.policy.ERP_DEFAULT_PAYMENT_TERMS_DAYS,
          creditLimitMinor: this.policy.ERP_DEFAULT_CREDIT_LIMIT_MINOR,
          currency: this.policy.ERP_CURRENCY,
        });
        await em.flush();
        return customer;
      },
    );
    // An anonymized customer stays anonymous: a process that started before the erasure does
    // not bring the name back.
    if (!created && !entity.erasedAt) {
      entity.legalName = input.legalName;
      entity.email = input.email.toLowerCase();
      if (input.billingAddress) this.em.assign(entity, { billingAddress: input.billingAddress });
      await this.em.flush();
    }
    return { customer: entity, created };
  }

  /**
   * Puts the customer on credit hold (dunning at +30 days, or finance): new orders are refused
   * until it is released. Placing a hold that is already on changes nothing.
   */
  async placeCreditHold(customerNo: string, reason: string): Promise<Customer> {
    return this.changeHold(customerNo, true, reason);
  }

  /**
   * Lifts a credit hold; releasing a customer who is not on hold changes nothing, nor does
   * releasing an anonymized one (it stays on hold).
   */
  async releaseCreditHold(customerNo: string): Promise<Customer> {
    return this.changeHold(customerNo, false);
  }

  private async changeHold(customerNo: string, hold: boolean, reason?: string): Promise<Customer> {
    await this.em.transactional(async (tx) => {
      const customer = await tx.findOne(
        Customer,
        { customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!customer) throw new NotFoundError('customer', customerNo);
      if (customer.creditHold === hold) return;
      // An anonymized customer stays on hold: nothing new is sold to it.
      if (customer.erasedAt && !hold) return;
      customer.creditHold = hold;
      customer.creditHoldReason = hold ? reason : undefined;
      customer.creditHoldSince = hold ? new Date() : undefined;
    });
    return this.em.findOneOrFail(
      Customer,
      { customerNo },
      { populate: ['priceList'], refresh: true },
    );
  }

  /** The terms ERP owns: payment terms, credit limit and price list. */
  async updateTerms(customerNo: string, patch: UpdateCustomerTermsInput): Promise<Customer> {
    const customer = await this.getByCustomerNo(customerNo);
    if (patch.paymentTermsDays !== undefined) customer.paymentTermsDays = patch.paymentTermsDays;
    if (patch.creditLimitMinor !== undefined) customer.creditLimitMinor = patch.creditLimitMinor;
    if (patch.priceListCode !== undefined) {
      if (patch.priceListCode === null) {
        customer.priceList = undefined;
      } else {
        const list = await this.em.findOne(PriceList, { code: patch.priceListCode });
        if (!list) throw new NotFoundError('price-list', patch.priceListCode);
        customer.priceList = list;
      }
    }
    await this.em.flush();
    return customer;
  }

  async getByCustomerNo(customerNo: string): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { customerNo }, { populate: ['priceList'] });
    if (!customer) throw new NotFoundError('customer', customerNo);
    return customer;
  }

  /**
   * Customers by name or number (`search`), hold, e-mail (exact, any case) or the serial number of
   * a unit shipped to them (`serialNo`, as the customer 360 looks a caller up).
   */
  async list(filter: {
    search?: string;
    creditHold?: boolean;
    email?: string;
    serialNo?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Customer[]; total: number }> {
    const where: FilterQuery<Customer> = filter.search
      ? {
          $or: [
            { legalName: { $ilike: likePattern(filter.search) } },
            { customerNo: filter.search },
          ],
        }
      : {};
    if (filter.creditHold !== undefined) where.creditHold = filter.creditHold;
    if (filter.email !== undefined) where.email = filter.email.toLowerCase();
    if (filter.serialNo !== undefined) {
      const rows = await this.em.execute<{ customer_no: string }[]>(
        `select distinct s.customer_no from erp.shipment_line l join erp.shipment s on s.id = l.shipment_id
          where l.serial_numbers @> ?::jsonb and s.status in ('shipped', 'delivered')`,
        [JSON.stringify([filter.serialNo])],
      );
      where.customerNo = { $in: rows.map((row) => row.customer_no) };
    }
    const [items, total] = await this.em.findAndCount(Customer, where, {
      populate: ['priceList'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}
