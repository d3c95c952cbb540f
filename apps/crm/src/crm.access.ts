import type { Role } from '@throughline/contracts';

// Who may do what on the CRM's REST API (docs/security.md). Reads of the records are open to
// every authenticated role; admin may do everything.

/** Capturing a lead: the CRM's own users and system feeds (the service role). */
export const leadCapturers: Role[] = [
  'sales',
  'sales-manager',
  'sales-director',
  'service-agent',
  'service',
];

/** The audit trail of administrative changes. */
export const changeReaders: Role[] = ['auditor', 'ops'];
