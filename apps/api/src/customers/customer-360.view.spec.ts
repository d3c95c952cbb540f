import { customer360Example } from './customer-360.examples';
import { composeCustomer360, type CrmProfile, type ErpSummary } from './customer-360.view';

const crmProfile = {
  ...customer360Example.crm!,
} as CrmProfile;

const erpSummary: ErpSummary = {
  customer: { customerNo: 'C-000042', legalName: 'Hopper Maschinenbau GmbH', paymentTermsDays: 30 },
  asOf: '2026-11-30',
  currency: 'EUR',
  creditHold: false,
  creditLimitMinor: 5_000_000,
  openBalanceMinor: 238_000,
  overdueBalanceMinor: 238_000,
  exposure: { exposureMinor: 357_000, availableMinor: 4_643_000 },
  openOrders: 1,
  openOrderList: customer360Example.erp!.openOrders,
  orders: customer360Example.erp!.recentOrders,
  overdueInvoices: customer360Example.erp!.overdueInvoices,
  invoices: customer360Example.erp!.recentInvoices,
};

describe('the customer 360 from its two halves', () => {
  it('is the documented example when both systems answer', () => {
    expect(
      composeCustomer360(
        'C-000042',
        { found: true, body: crmProfile },
        { found: true, body: erpSummary },
      ),
    ).toEqual({ kind: 'view', view: customer360Example });
  });

  it('shows the half there is and names the other missing, with its reason', () => {
    const outcome = composeCustomer360(
      'C-000042',
      { found: false, reason: 'not-found' },
      { found: true, body: erpSummary },
    );
    expect(outcome).toMatchObject({
      kind: 'view',
      view: {
        name: 'Hopper Maschinenbau GmbH',
        crm: null,
        missing: [{ system: 'crm', reason: 'not-found' }],
      },
    });
    expect(
      composeCustomer360(
        'C-000042',
        { found: true, body: crmProfile },
        { found: false, reason: 'timeout' },
      ),
    ).toMatchObject({
      kind: 'view',
      view: { erp: null, missing: [{ system: 'erp', reason: 'timeout' }] },
    });
  });

  it('is not found only when both say so, else unavailable', () => {
    expect(
      composeCustomer360(
        'C-1',
        { found: false, reason: 'not-found' },
        { found: false, reason: 'not-found' },
      ),
    ).toEqual({ kind: 'not-found' });
    expect(
      composeCustomer360(
        'C-1',
        { found: false, reason: 'unavailable' },
        { found: false, reason: 'not-found' },
      ),
    ).toEqual({
      kind: 'unavailable',
      missing: [
        { system: 'crm', reason: 'unavailable' },
        { system: 'erp', reason: 'not-found' },
      ],
    });
  });
});
