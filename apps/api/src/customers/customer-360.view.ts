import { z } from 'zod';
import type { MissingReason, SystemOfRecord, UpstreamRead } from '../upstream/upstream-reader';

// What the API reads of the CRM's customer profile (GET /accounts/{customerNo}/profile) and the
// ERP's account summary (GET /customers/{customerNo}/summary): the fields the view shows, checked
// on arrival (anything else they send is dropped).

const address = z.object({
  line1: z.string(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

const crmCase = z.object({
  caseNo: z.string(),
  kind: z.string(),
  priority: z.string(),
  status: z.string(),
  symptom: z.string(),
  serialNo: z.string().optional(),
  inWarranty: z.boolean(),
  openedAt: z.string(),
  slaDueAt: z.string(),
  dealer: z.object({ code: z.string(), name: z.string() }).optional(),
  resolvedAt: z.string().optional(),
  closedAt: z.string().optional(),
});

export const crmProfileSchema = z.object({
  account: z.object({
    customerNo: z.string(),
    name: z.string(),
    kind: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    billingAddress: address.optional(),
    shippingAddress: address.optional(),
    owner: z.string().optional(),
  }),
  contacts: z.array(
    z.object({
      name: z.string(),
      email: z.string(),
      phone: z.string().optional(),
      role: z.string().optional(),
    }),
  ),
  serviceLevel: z.string(),
  slaHours: z.number(),
  creditHold: z.boolean(),
  assets: z.array(
    z.object({
      serialNo: z.string(),
      sku: z.string(),
      itemName: z.string(),
      shipmentNo: z.string().optional(),
      deliveredOn: z.string(),
      warrantyEndsOn: z.string(),
      inWarranty: z.boolean(),
      nextMaintenanceOn: z.string().optional(),
    }),
  ),
  openCases: z.array(crmCase),
  recentCases: z.array(crmCase),
  openOpportunities: z.array(
    z.object({
      opportunityNo: z.string(),
      title: z.string(),
      stage: z.string(),
      amountMinor: z.number(),
      currency: z.string(),
    }),
  ),
  recentTimeline: z.array(
    z.object({
      kind: z.string(),
      summary: z.string(),
      occurredAt: z.string(),
      processId: z.string().optional(),
    }),
  ),
});

const erpOrder = z.object({
  orderNo: z.string(),
  status: z.string(),
  grossMinor: z.number(),
  createdAt: z.string(),
});

const erpInvoice = z.object({
  invoiceNo: z.string(),
  kind: z.string(),
  status: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  grossMinor: z.number(),
  balanceMinor: z.number(),
  overdue: z.boolean(),
  daysOverdue: z.number(),
});

export const erpSummarySchema = z.object({
  customer: z.object({
    customerNo: z.string(),
    legalName: z.string(),
    paymentTermsDays: z.number(),
    creditHoldReason: z.string().optional(),
    creditHoldSince: z.string().optional(),
  }),
  asOf: z.string(),
  currency: z.string(),
  creditHold: z.boolean(),
  creditLimitMinor: z.number(),
  openBalanceMinor: z.number(),
  overdueBalanceMinor: z.number(),
  exposure: z.object({ exposureMinor: z.number(), availableMinor: z.number() }),
  openOrders: z.number(),
  openOrderList: z.array(erpOrder),
  orders: z.array(erpOrder),
  overdueInvoices: z.array(erpInvoice),
  invoices: z.array(erpInvoice),
});

/** One page of ERP customer masters, as its lookup by e-mail or serial number answers. */
export const erpCustomerPageSchema = z.object({
  items: z.array(z.object({ customerNo: z.string() })),
});

export type CrmProfile = z.infer<typeof crmProfileSchema>;
export type ErpSummary = z.infer<typeof erpSummarySchema>;

/** The CRM's half: who the customer is and what the front office knows. */
export interface Customer360Crm {
  account: CrmProfile['account'];
  contacts: CrmProfile['contacts'];
  serviceLevel: string;
  /** Hours within which a case of this customer must be resolved. */
  slaHours: number;
  /** The CRM's copy of the ERP's credit hold flag (the ERP part is authoritative). */
  creditHold: boolean;
  /** Delivered serialized items: warranty end, in warranty today, next maintenance. */
  assets: CrmProfile['assets'];
  openCases: CrmProfile['openCases'];
  /** The 10 most recent cases, open or not, newest first. */
  recentCases: CrmProfile['recentCases'];
  openOpportunities: CrmProfile['openOpportunities'];
  /** The last 20 entries of the account's timeline, newest first. */
  recentTimeline: CrmProfile['recentTimeline'];
}

/** The ERP's half: money and orders. Amounts in minor units of `currency`. */
export interface Customer360Erp {
  /** The day balances and overdue days are computed for (YYYY-MM-DD). */
  asOf: string;
  currency: string;
  paymentTermsDays: number;
  creditLimitMinor: number;
  creditHold: boolean;
  creditHoldReason?: string;
  creditHoldSince?: string;
  /** What the open invoices still owe. */
  openBalanceMinor: number;
  overdueBalanceMinor: number;
  /** Open receivables plus open orders not yet invoiced, as the credit check counts them. */
  exposureMinor: number;
  /** The credit limit minus the exposure; negative when over the limit. */
  availableCreditMinor: number;
  /** Every open invoice past its due date, longest overdue first. */
  overdueInvoices: ErpSummary['overdueInvoices'];
  /** How many orders are open; `openOrders` lists the oldest 50. */
  openOrderCount: number;
  openOrders: ErpSummary['openOrderList'];
  /** The 10 most recent invoices, newest first. */
  recentInvoices: ErpSummary['invoices'];
  /** The 10 most recent orders, newest first. */
  recentOrders: ErpSummary['orders'];
}

export interface MissingPart {
  system: SystemOfRecord;
  reason: MissingReason;
}

/**
 * The customer 360 of the call center: both systems' halves, read at once. A half that could
 * not be had is null and named in `missing` with its reason.
 */
export interface Customer360View {
  customerNo: string;
  /** The account name (CRM), or the legal name (ERP) when the CRM part is missing. */
  name: string;
  crm: Customer360Crm | null;
  erp: Customer360Erp | null;
  /** Empty when the view is complete. */
  missing: MissingPart[];
}

/** What the two reads come to: the view, or why there is none. */
export type Customer360Outcome =
  | { kind: 'view'; view: Customer360View }
  /** Both systems answered that they do not know the customer. */
  | { kind: 'not-found' }
  /** Neither part could be had, and at least one system did not answer. */
  | { kind: 'unavailable'; missing: MissingPart[] };

/**
 * Puts the two halves together: a view when either system gave its part (the other named
 * missing), 404 when both say they do not know the customer, else unavailable.
 */
export function composeCustomer360(
  customerNo: string,
  crm: UpstreamRead<CrmProfile>,
  erp: UpstreamRead<ErpSummary>,
): Customer360Outcome {
  const missing: MissingPart[] = [
    ...(crm.found ? [] : [{ system: 'crm' as const, reason: crm.reason }]),
    ...(erp.found ? [] : [{ system: 'erp' as const, reason: erp.reason }]),
  ];
  if (!crm.found && !erp.found) {
    return missing.every((part) => part.reason === 'not-found')
      ? { kind: 'not-found' }
      : { kind: 'unavailable', missing };
  }
  const crmPart = crm.found ? toCrmPart(crm.body) : null;
  const erpPart = erp.found ? toErpPart(erp.body) : null;
  return {
    kind: 'view',
    view: {
      customerNo,
      name: crm.found ? crm.body.account.name : erp.found ? erp.body.customer.legalName : '',
      crm: crmPart,
      erp: erpPart,
      missing,
    },
  };
}

function toCrmPart(profile: CrmProfile): Customer360Crm {
  return {
    account: profile.account,
    contacts: profile.contacts,
    serviceLevel: profile.serviceLevel,
    slaHours: profile.slaHours,
    creditHold: profile.creditHold,
    assets: profile.assets,
    openCases: profile.openCases,
    recentCases: profile.recentCases,
    openOpportunities: profile.openOpportunities,
    recentTimeline: profile.recentTimeline,
  };
}

function toErpPart(summary: ErpSummary): Customer360Erp {
  const { customer } = summary;
  return {
    asOf: summary.asOf,
    currency: summary.currency,
    paymentTermsDays: customer.paymentTermsDays,
    creditLimitMinor: summary.creditLimitMinor,
    creditHold: summary.creditHold,
    ...(customer.creditHoldReason ? { creditHoldReason: customer.creditHoldReason } : {}),
    ...(customer.creditHoldSince ? { creditHoldSince: customer.creditHoldSince } : {}),
    openBalanceMinor: summary.openBalanceMinor,
    overdueBalanceMinor: summary.overdueBalanceMinor,
    exposureMinor: summary.exposure.exposureMinor,
    availableCreditMinor: summary.exposure.availableMinor,
    overdueInvoices: summary.overdueInvoices,
    openOrderCount: summary.openOrders,
    openOrders: summary.openOrderList,
    recentInvoices: summary.invoices,
    recentOrders: summary.orders,
  };
}
