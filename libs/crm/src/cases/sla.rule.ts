import type { ServiceLevel } from '../accounts/account.entity';

/** Hours within which a case must be resolved, by the account's service level. */
export const slaHours: Record<ServiceLevel, number> = {
  platinum: 4,
  gold: 24,
  standard: 72,
};

export function slaDueAt(openedAt: Date, serviceLevel: ServiceLevel): Date {
  return new Date(openedAt.getTime() + slaHours[serviceLevel] * 3_600_000);
}
