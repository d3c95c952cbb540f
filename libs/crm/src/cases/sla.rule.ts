import type { ServiceLevel } from '../accounts/account.entity';

export type SlaHours = Record<ServiceLevel, number>;

/** Hours within which a case must be resolved, by the account's service level. */
export const slaHours: SlaHours = {
  platinum: 4,
  gold: 24,
  standard: 72,
};

/** The SLA hours the CRM runs with (CRM_SLA_HOURS; slaHours unless configured). */
export const SLA_HOURS = Symbol('SLA_HOURS');

export function slaDueAt(openedAt: Date, serviceLevel: ServiceLevel, hours = slaHours): Date {
  return new Date(openedAt.getTime() + hours[serviceLevel] * 3_600_000);
}
