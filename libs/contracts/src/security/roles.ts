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
}

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
