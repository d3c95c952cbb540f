import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, likePattern, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { appendTimelineIn } from '../timeline/timeline.service';
import { Contact } from '../contacts/contact.entity';
import { Account, type AccountKind, type ServiceLevel } from './account.entity';
import type { PostalAddress } from '../shared/postal-address.embeddable';
import { nextDocumentNo } from '../shared/document-number.rule';

export interface AccountFilter {
  search?: string;
  serviceLevel?: ServiceLevel;
  creditHold?: boolean;
  limit: number;
  offset: number;
}

export interface OpenAccountInput {
  name: string;
  email: string;
  phone?: string;
  kind: AccountKind;
  billingAddress?: PostalAddress;
  shippingAddress?: PostalAddress;
  serviceLevel?: ServiceLevel;
  owner?: string;
}

export interface AccountPage {
  items: Account[];
  total: number;
}

@Injectable()
export class AccountService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Opens the account for an email, assigning its customerNo once. Opening the same email again
   * returns the existing account unchanged.
   */
  async openAccount(input: OpenAccountInput): Promise<{ account: Account; created: boolean }> {
    const email = input.email.toLowerCase();
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(Account, { email }),
      async (em) => {
        // The transaction's em: see nextDocumentNo.
        const customerNo = await nextDocumentNo(em, 'customer_no_seq', 'C');
        const account = em.create(Account, {
          customerNo,
          name: input.name,
          email,
          phone: input.phone,
          kind: input.kind,
          billingAddress: input.billingAddress,
          shippingAddress: input.shippingAddress,
          serviceLevel: input.serviceLevel ?? 'standard',
          owner: input.owner,
        });
        await em.flush();
        return account;
      },
    );
    return { account: entity, created };
  }

  async getByCustomerNo(customerNo: string): Promise<Account> {
    const account = await this.em.findOne(Account, { customerNo });
    if (!account) throw new NotFoundError('account', customerNo);
    return account;
  }

  /** The account's contacts, oldest first. */
  async contactsOf(account: Account): Promise<Contact[]> {
    return this.em.find(Contact, { account }, { orderBy: { createdAt: 'asc' } });
  }

  /** Records which ERP customer master belongs to the account; idempotent, never re-pointed. */
  async linkErpCustomer(customerNo: string, erpCustomerId: string): Promise<Account> {
    return this.em.transactional(async (em) => {
      const account = await em.findOne(
        Account,
        { customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!account) throw new NotFoundError('account', customerNo);
      if (account.erpCustomerId === erpCustomerId) return account;
      if (account.erpCustomerId) {
        throw new DomainError(
          'conflict',
          'account-already-linked',
          `account ${customerNo} is linked to ERP customer ${account.erpCustomerId}`,
          { customerNo, erpCustomerId: account.erpCustomerId },
        );
      }
      account.erpCustomerId = erpCustomerId;
      account.erpLinkedAt = new Date();
      return account;
    });
  }

  /**
   * Mirrors the ERP's credit hold on the account (read-only in CRM otherwise) and notes the
   * change on the timeline. Setting the flag it already has changes nothing; neither does
   * releasing the hold of an erased customer (the ERP keeps that hold too).
   */
  async setCreditHold(
    customerNo: string,
    creditHold: boolean,
    reason?: string,
    processId?: string,
  ): Promise<Account> {
    return this.em.transactional(async (tx) => {
      const account = await tx.findOne(
        Account,
        { customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!account) throw new NotFoundError('account', customerNo);
      if (account.creditHold === creditHold) return account;
      // An erased customer stays on hold, as the ERP keeps it (nothing new is sold to it).
      if (account.erasedAt && !creditHold) return account;
      account.creditHold = creditHold;
      const changedAt = new Date();
      await appendTimelineIn(tx, account, {
        sourceKey: `credit-hold-${creditHold ? 'set' : 'released'}:${customerNo}:${changedAt.toISOString()}`,
        kind: creditHold ? 'credit-hold-set' : 'credit-hold-released',
        summary: `Credit hold ${creditHold ? 'set' : 'released'} by ERP${reason ? `: ${reason}` : ''}`,
        processId,
        details: reason ? { reason } : {},
      });
      return account;
    });
  }

  async list(filter: AccountFilter): Promise<AccountPage> {
    const where: FilterQuery<Account> = {};
    if (filter.serviceLevel) where.serviceLevel = filter.serviceLevel;
    if (filter.creditHold !== undefined) where.creditHold = filter.creditHold;
    if (filter.search) {
      const pattern = likePattern(filter.search);
      where.$or = [
        { name: { $ilike: pattern } },
        { email: { $ilike: pattern } },
        { phone: { $ilike: pattern } },
        { customerNo: filter.search },
      ];
    }
    const [items, total] = await this.em.findAndCount(Account, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }
}
