import type { Customer360View } from './customer-360.view';

/** A complete customer 360: a gold customer with a pump in warranty, an open case, an overdue invoice. */
export const customer360Example: Customer360View = {
  customerNo: 'C-000042',
  name: 'Hopper Maschinenbau GmbH',
  crm: {
    account: {
      customerNo: 'C-000042',
      name: 'Hopper Maschinenbau GmbH',
      kind: 'business',
      email: 'einkauf@hopper.example',
      phone: '+49 30 2025 1000',
      billingAddress: {
        line1: 'Friedrichstraße 100',
        city: 'Berlin',
        postalCode: '10117',
        country: 'DE',
      },
      owner: 'sam.sales',
    },
    contacts: [
      {
        name: 'Grace Hopper',
        email: 'grace@hopper.example',
        phone: '+49 30 2025 1001',
        role: 'Head of maintenance',
      },
    ],
    serviceLevel: 'gold',
    slaHours: 24,
    creditHold: false,
    assets: [
      {
        serialNo: 'SN-PUMP-100-0042',
        sku: 'PUMP-100',
        itemName: 'Centrifugal pump 100',
        shipmentNo: 'SH-000031',
        deliveredOn: '2026-03-02',
        warrantyEndsOn: '2028-03-02',
        inWarranty: true,
        nextMaintenanceOn: '2027-03-02',
      },
    ],
    openCases: [
      {
        caseNo: 'CS-000017',
        kind: 'repair',
        priority: 'high',
        status: 'assigned',
        symptom: 'Pump loses pressure after an hour',
        serialNo: 'SN-PUMP-100-0042',
        inWarranty: true,
        openedAt: '2026-11-28T08:12:00.000Z',
        slaDueAt: '2026-11-29T08:12:00.000Z',
        dealer: { code: 'D-BER-01', name: 'Spree Technik' },
      },
    ],
    recentCases: [
      {
        caseNo: 'CS-000017',
        kind: 'repair',
        priority: 'high',
        status: 'assigned',
        symptom: 'Pump loses pressure after an hour',
        serialNo: 'SN-PUMP-100-0042',
        inWarranty: true,
        openedAt: '2026-11-28T08:12:00.000Z',
        slaDueAt: '2026-11-29T08:12:00.000Z',
        dealer: { code: 'D-BER-01', name: 'Spree Technik' },
      },
    ],
    openOpportunities: [],
    recentTimeline: [
      {
        kind: 'case-opened',
        summary: 'Case CS-000017 opened (repair): Pump loses pressure after an hour',
        occurredAt: '2026-11-28T08:12:00.000Z',
      },
      {
        kind: 'order-confirmed',
        summary: 'Order SO-000051 confirmed; opportunity OP-000044 won',
        occurredAt: '2026-11-20T14:03:00.000Z',
        processId: 'lead-to-cash:web-4711',
      },
    ],
  },
  erp: {
    asOf: '2026-11-30',
    currency: 'EUR',
    paymentTermsDays: 30,
    creditLimitMinor: 5_000_000,
    creditHold: false,
    openBalanceMinor: 238_000,
    overdueBalanceMinor: 238_000,
    exposureMinor: 357_000,
    availableCreditMinor: 4_643_000,
    overdueInvoices: [
      {
        invoiceNo: 'INV-000029',
        kind: 'sales',
        status: 'open',
        issueDate: '2026-10-02',
        dueDate: '2026-11-01',
        grossMinor: 238_000,
        balanceMinor: 238_000,
        overdue: true,
        daysOverdue: 29,
      },
    ],
    openOrderCount: 1,
    openOrders: [
      {
        orderNo: 'SO-000051',
        status: 'confirmed',
        grossMinor: 119_000,
        createdAt: '2026-11-20T14:03:00.000Z',
      },
    ],
    recentInvoices: [
      {
        invoiceNo: 'INV-000029',
        kind: 'sales',
        status: 'open',
        issueDate: '2026-10-02',
        dueDate: '2026-11-01',
        grossMinor: 238_000,
        balanceMinor: 238_000,
        overdue: true,
        daysOverdue: 29,
      },
    ],
    recentOrders: [
      {
        orderNo: 'SO-000051',
        status: 'confirmed',
        grossMinor: 119_000,
        createdAt: '2026-11-20T14:03:00.000Z',
      },
    ],
  },
  missing: [],
};

/** The same customer while the ERP does not answer: the CRM part, and the ERP named missing. */
export const customer360PartialExample: Customer360View = {
  ...customer360Example,
  erp: null,
  missing: [{ system: 'erp', reason: 'unavailable' }],
};
