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
    createdAt: customer.createdAt.toISOString(),
  };
}
