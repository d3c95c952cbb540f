import { Injectable } from '@nestjs/common';
import { AccountService, toAccountView, type AccountView } from '@throughline/crm';
import type { Address } from '@throughline/contracts';

export interface OpenAccountRequest {
  name: string;
  email: string;
  phone?: string;
  kind: 'business' | 'consumer';
  address?: Address;
}

/**
 * CRM activities, served on the "crm" task queue. Thin adapters from activity calls to the CRM
 * services; every one that writes is idempotent by its business key.
 */
@Injectable()
export class CrmActivities {
  constructor(private readonly accounts: AccountService) {}

  /** Opens (or finds) the account for an email; assigns the customerNo once. */
  async openAccount(request: OpenAccountRequest): Promise<AccountView> {
    const { account } = await this.accounts.openAccount({
      name: request.name,
      email: request.email,
      phone: request.phone,
      kind: request.kind,
      billingAddress: request.address,
    });
    return toAccountView(account);
  }

  /** Records the ERP customer master of an account. */
  async linkErpCustomer(request: {
    customerNo: string;
    erpCustomerId: string;
  }): Promise<AccountView> {
    return toAccountView(
      await this.accounts.linkErpCustomer(request.customerNo, request.erpCustomerId),
    );
  }
}
