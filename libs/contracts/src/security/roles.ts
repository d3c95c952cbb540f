/**
 * The roles API keys map to. Business users hold sales … ops; `dealer` is a service partner's
 * key, bound to one dealer code (it sees only the service cases offered or assigned to it);
 * `auditor` reads and writes
 * nothing; `service` is for system accounts (the Process API calling the CRM and ERP REST APIs);
 * `admin` may do everything. docs/security.md says who may do what.
 */
export const ROLES = [
  'sales',
  'sales-manager',
  'sales-director',
  'finance',
  'service-agent',
  'service-manager',
  'ops',
  'dealer',
  'auditor',
  'service',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

/** Who did something: recorded in processes for starts, cancellations and task completions. */
export interface Actor {
  userId: string;
  roles: Role[];
  /** The dealer a `dealer` key acts for (its only role); no other key has one. */
  dealerCode?: string;
}

/**
 * Roles of keys held outside the company: a service partner's. Such a key holds that role alone,
 * is bound to its partner (a dealer key to one dealer code), and reaches only the routes opened
 * to partners (the Process API's processes and tasks), where it sees and answers only what is
 * its partner's. Every other route refuses it (403), also where any internal key may read.
 */
export const PARTNER_ROLES: readonly Role[] = ['dealer'];

/** Whether the actor is a partner's (see PARTNER_ROLES). */
export function isPartner(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((role) => PARTNER_ROLES.includes(role));
}

/**
 * The dealer whose processes alone the actor sees and acts on (their `DealerCode` search
 * attribute), or undefined for a key that is not a dealer's. A dealer key without a code
 * (configuration and the admin endpoint refuse one) is bound to '', which matches no process.
 */
export function dealerScopeOf(actor: Actor): string | undefined {
  return actor.roles.includes('dealer') ? (actor.dealerCode ?? '') : undefined;
}

/** A dealer code as the CRM keeps it (upper-case letters, digits and dashes, e.g. D-BER-01). */
export const DEALER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,29}$/;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Admins may do everything; everyone else needs one of the allowed roles. */
export function mayAct(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.roles.includes('admin') || actor.roles.some((role) => allowed.includes(role));
}

/** Roles that see every human task (the inbox and process views), whoever it is for. */
export const TASK_OVERSEERS: readonly Role[] = ['ops'];

/** Whether the actor may see a task: one of its roles, or an overseer. */
export function maySeeTask(actor: Actor, task: { roles: readonly Role[] }): boolean {
  return mayAct(actor, [...task.roles, ...TASK_OVERSEERS]);
}
