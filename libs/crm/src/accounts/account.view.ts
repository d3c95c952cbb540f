import type { Account, AccountKind, ServiceLevel } from './account.entity';

/** An account as activities and REST return it: plain, serializable data. */
export interface AccountView {
  id: string;
  customerNo: string;
  name: string;
  kind: AccountKind;
  email: string;
  phone?: string;
  billingAddress?: {
    line1: string;
    city: string;
    postalCode: string;
    country: string;
    latitude?: number;
    longitude?: number;
  };
  shippingAddress?: AccountView['billingAddress'];
  owner?: string;
  serviceLevel: ServiceLevel;
  erpCustomerId?: string;
  erpLinkedAt?: string;
  creditHold: boolean;
  createdAt: string;
}

export function toAccountView(account: Account): AccountView {
  return {
    id: account.id,
    customerNo: account.customerNo,
    name: account.name,
    kind: account.kind,
    email: account.email,
    ...(account.phone ? { phone: account.phone } : {}),
    ...(account.billingAddress ? { billingAddress: { ...account.billingAddress } } : {}),
    ...(account.shippingAddress ? { shippingAddress: { ...account.shippingAddress } } : {}),
    ...(account.owner ? { owner: account.owner } : {}),
    serviceLevel: account.serviceLevel,
    ...(account.erpCustomerId ? { erpCustomerId: account.erpCustomerId } : {}),
    ...(account.erpLinkedAt ? { erpLinkedAt: account.erpLinkedAt.toISOString() } : {}),
    creditHold: account.creditHold,
    createdAt: account.createdAt.toISOString(),
  };
}
