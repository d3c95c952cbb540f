import { ROLES, type Role } from '@throughline/contracts';

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

/**
 * The customer profile (the CRM half of the customer 360: contacts, cases, assets, timeline):
 * every role but a dealer's key, which sees only the service cases offered or assigned to it.
 */
export const profileReaders: Role[] = ROLES.filter((role) => role !== 'dealer');
