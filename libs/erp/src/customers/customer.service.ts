import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import type { BillingAddress } from '../shared/billing-address.embeddable';
import { Customer } from './customer.entity';

export interface UpsertCustomerInput {
  customerNo: string;
  legalName: string;
  email: string;
  billingAddress?: BillingAddress;
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
   * customer keeps them. The same call twice writes nothing the second time.
   */
  async upsertCustomer(
    input: UpsertCustomerInput,
  ): Promise<{ customer: Customer; created: boolean }> {
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(Customer, { customerNo: input.customerNo }),
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
    if (!created) {
      entity.legalName = input.legalName;
      entity.email = input.email.toLowerCase();
      if (input.billingAddress) this.em.assign(entity, { billingAddress: input.billingAddress });
      await this.em.flush();
    }
    return { customer: entity, created };
  }

  async getByCustomerNo(customerNo: string): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { customerNo });
    if (!customer) throw new NotFoundError('customer', customerNo);
    return customer;
  }

  async list(filter: {
    search?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Customer[]; total: number }> {
    const where = filter.search
      ? {
          $or: [
            { legalName: { $ilike: likePattern(filter.search) } },
            { customerNo: filter.search },
          ],
        }
      : {};
    const [items, total] = await this.em.findAndCount(Customer, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}
