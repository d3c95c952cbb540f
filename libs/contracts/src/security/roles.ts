/** The roles business users hold; API keys map to a user and some of these. */
export const ROLES = [
  'sales',
  'sales-manager',
  'sales-director',
  'finance',
  'service-agent',
  'ops',
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
