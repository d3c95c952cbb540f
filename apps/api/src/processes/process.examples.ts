/** Examples for the OpenAPI document. */
export const processExample = {
  id: 'customer-onboarding:s-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
  type: 'customer-onboarding',
  title: 'Customer onboarding',
  status: 'completed',
  stage: 'completed',
  businessKey: 's-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
  customerNo: 'C-000042',
  openTaskRoles: [],
  startedBy: 'sam.sales',
  startedAt: '2026-11-26T10:00:00.000Z',
  closedAt: '2026-11-26T10:00:01.200Z',
  summary: 'Onboard Ada Lovelace Ltd <ada@example.com>',
  documents: { account: ['C-000042'], erpCustomer: ['C-000042'] },
  steps: [
    { step: 'crm-account-opened', at: '2026-11-26T10:00:00.400Z', detail: 'C-000042' },
    { step: 'erp-customer-created', at: '2026-11-26T10:00:00.800Z', detail: 'C-000042' },
    { step: 'accounts-linked', at: '2026-11-26T10:00:01.100Z' },
  ],
  openTasks: [],
  tasks: [],
  audit: [{ at: '2026-11-26T10:00:00.000Z', action: 'started', by: 'sam.sales' }],
  acceptedEvents: [],
  cancellable: false,
  result: { customerNo: 'C-000042', crmAccountId: '5b1c…', erpCustomerId: '9e2d…' },
  links: {
    self: '/processes/customer-onboarding%3As-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
    temporalUi:
      'http://localhost:8233/namespaces/default/workflows/customer-onboarding%3As-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
  },
};

export const processPageExample = {
  items: [
    {
      id: 'customer-onboarding:s-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
      type: 'customer-onboarding',
      title: 'Customer onboarding',
      status: 'running',
      stage: 'creating-erp-customer',
      businessKey: 's-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
      customerNo: 'C-000042',
      openTaskRoles: [],
      startedBy: 'sam.sales',
      startedAt: '2026-11-26T10:00:00.000Z',
      links: {
        self: '/processes/customer-onboarding%3As-3f1d6c0b9e2a4f57a8c1d2e3f4a5b6c7',
        temporalUi: 'http://localhost:8233/…',
      },
    },
  ],
  nextPageToken: 'CgYIARIC…',
};

export const taskExample = {
  id: 'bGVhZC10by1jYXNoOkwtMDAwMDQy.1',
  processId: 'lead-to-cash:L-000042',
  kind: 'approve-quote',
  summary: 'Approve quote Q-000017 for Ada Lovelace Ltd: 18% discount, EUR 12,400.00',
  roles: ['sales-manager'],
  decisions: ['approve', 'reject'],
  status: 'open',
  createdAt: '2026-11-26T10:00:00.000Z',
  dueAt: '2026-11-27T10:00:00.000Z',
  context: { quoteNo: 'Q-000017', discountPercent: 18 },
};
