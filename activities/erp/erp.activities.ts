import { Injectable } from '@nestjs/common';
import { CustomerService, toCustomerView, type CustomerView } from '@throughline/erp';

export interface UpsertCustomerRequest {
  customerNo: string;
  legalName: string;
  email: string;
  billingAddress?: { line1: string; city: string; postalCode: string; country: string };
}

/**
 * ERP activities, served on the "erp" task queue. Thin adapters from activity calls to the ERP
 * services; every one that writes is idempotent by its business key.
 */
@Injectable()
export class ErpActivities {
  constructor(private readonly customers: CustomerService) {}

  /** Creates the customer master for a customerNo, or updates the contact data CRM owns. */
  async upsertCustomer(request: UpsertCustomerRequest): Promise<CustomerView> {
    const { customer } = await this.customers.upsertCustomer(request);
    return toCustomerView(customer);
  }
}
