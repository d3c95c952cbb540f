import type { Address } from '@throughline/contracts';

/** The ERP customer master's billing address from a CRM address (ERP keeps no coordinates). */
export function billingAddressOf(address?: Address): {
  billingAddress?: { line1: string; city: string; postalCode: string; country: string };
} {
  if (!address) return {};
  const { line1, city, postalCode, country } = address;
  return { billingAddress: { line1, city, postalCode, country } };
}
