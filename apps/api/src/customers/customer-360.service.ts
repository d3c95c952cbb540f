import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { type UpstreamRead, UpstreamReader } from '../upstream/upstream-reader';
import {
  composeCustomer360,
  type CrmProfile,
  crmProfileSchema,
  type Customer360View,
  erpCustomerPageSchema,
  type ErpSummary,
  erpSummarySchema,
  type MissingPart,
} from './customer-360.view';

/** How a caller is looked up: exactly one of these (the controller checks it). */
export interface CustomerLookup {
  phone?: string;
  email?: string;
  serial?: string;
}

/**
 * The customer 360 for the call center: the CRM's customer profile and the ERP's account summary,
 * read over their REST APIs at the same time, each within CUSTOMER_360_TIMEOUT_MS. A system that
 * does not answer, or does not know the customer, is named in `missing`; the view is 404 only
 * when both say they do not know the customer, and 503 when neither part could be had.
 */
@Injectable()
export class Customer360Service {
  constructor(private readonly upstream: UpstreamReader) {}

  async byCustomerNo(customerNo: string): Promise<Customer360View> {
    const [crm, erp] = await Promise.all([
      this.crmProfile(`/accounts/${encodeURIComponent(customerNo)}/profile`),
      this.erpSummary(customerNo),
    ]);
    return this.compose(customerNo, crm, erp);
  }

  /**
   * The CRM finds the caller (it keeps the phone numbers, contacts' e-mails and assets' serials)
   * and gives its profile; then the ERP's summary of that customer is read. When the CRM does not
   * know the caller or cannot answer, the ERP is asked by e-mail (its customer master's) or serial
   * (of a unit it shipped); a phone number only the CRM can resolve.
   */
  async lookup(lookup: CustomerLookup): Promise<Customer360View> {
    const query = lookup.phone
      ? `phone=${encodeURIComponent(lookup.phone)}`
      : lookup.email
        ? `email=${encodeURIComponent(lookup.email)}`
        : `serialNo=${encodeURIComponent(lookup.serial ?? '')}`;
    const crm = await this.crmProfile(`/accounts/profile?${query}`);
    if (crm.found) {
      const customerNo = crm.body.account.customerNo;
      return this.compose(customerNo, crm, await this.erpSummary(customerNo));
    }
    if (lookup.phone) {
      if (crm.reason === 'not-found') throw notFound();
      throw unavailable([{ system: 'crm', reason: crm.reason }]);
    }
    const page = await this.upstream.get(
      'erp',
      `/customers?${query}&limit=1`,
      erpCustomerPageSchema,
    );
    if (!page.found) return this.compose('', crm, page);
    const customerNo = page.body.items[0]?.customerNo;
    if (!customerNo) return this.compose('', crm, { found: false, reason: 'not-found' });
    return this.compose(customerNo, crm, await this.erpSummary(customerNo));
  }

  private crmProfile(path: string): Promise<UpstreamRead<CrmProfile>> {
    return this.upstream.get('crm', path, crmProfileSchema);
  }

  private erpSummary(customerNo: string): Promise<UpstreamRead<ErpSummary>> {
    return this.upstream.get(
      'erp',
      `/customers/${encodeURIComponent(customerNo)}/summary`,
      erpSummarySchema,
    );
  }

  private compose(
    customerNo: string,
    crm: UpstreamRead<CrmProfile>,
    erp: UpstreamRead<ErpSummary>,
  ): Customer360View {
    const outcome = composeCustomer360(customerNo, crm, erp);
    if (outcome.kind === 'view') return outcome.view;
    if (outcome.kind === 'not-found') throw notFound();
    throw unavailable(outcome.missing);
  }
}

function notFound(): NotFoundException {
  return new NotFoundException({
    code: 'customer-not-found',
    message: 'Neither the CRM nor the ERP knows this customer.',
  });
}

function unavailable(missing: MissingPart[]): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'customer-360-unavailable',
    message:
      'The customer cannot be shown now: ' +
      missing.map((part) => `${part.system.toUpperCase()} ${part.reason}`).join(', ') +
      '. Try again shortly.',
    missing,
    retryAfter: 5,
  });
}
