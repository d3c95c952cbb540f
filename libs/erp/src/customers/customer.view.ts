import type { Customer } from './customer.entity';

export interface CustomerView {
  id: string;
  customerNo: string;
  legalName: string;
  email: string;
  billingAddress?: { line1: string; city: string; postalCode: string; country: string };
  paymentTermsDays: number;
  creditLimit: { amountMinor: number; currency: string };
  creditHold: boolean;
  creditHoldReason?: string;
  creditHoldSince?: string;
  priceList?: string;
  createdAt: string;
}

export function toCustomerView(customer: Customer): CustomerView {
  return {
    id: customer.id,
    customerNo: customer.customerNo,
    legalName: customer.legalName,
    email: customer.email,
    ...(customer.billingAddress ? { billingAddress: { ...customer.billingAddress } } : {}),
    paymentTermsDays: customer.paymentTermsDays,
    creditLimit: { amountMinor: customer.creditLimitMinor, currency: customer.currency },
    creditHold: customer.creditHold,
    ...(customer.creditHoldReason ? { creditHoldReason: customer.creditHoldReason } : {}),
    ...(customer.creditHoldSince
      ? { creditHoldSince: customer.creditHoldSince.toISOString() }
      : {}),
    ...(customer.priceList?.code ? { priceList: customer.priceList.code } : {}),
    createdAt: customer.createdAt.toISOString(),
  };
}
