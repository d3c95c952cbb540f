import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CrmActivities } from '@throughline/activities/crm';
import { CrmInvariantsService } from '@throughline/crm';
import { activitiesOf } from '../support/activities';
import { sql } from '../support/db';

export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const uniqueEmail = (who = 'lead'): string => `${unique(who)}@example.com`;

export async function count(
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(
    `select count(*)::int as n from crm.${table} where ${where}`,
    params,
  );
  return n;
}

/** The CRM's invariant checker, inside a request context of the app. */
export async function invariantViolations(app: INestApplicationContext): Promise<string[]> {
  const checker = activitiesOf(app, CrmInvariantsService);
  return (await checker.check()).map((v) => `${v.invariant}: ${v.detail}`);
}

/** A qualified lead converted into an account, contact and opportunity. */
export async function convertedCustomer(
  crm: CrmActivities,
  overrides: { latitude?: number; longitude?: number; city?: string } = {},
): Promise<Awaited<ReturnType<CrmActivities['convertLead']>>> {
  const lead = await crm.captureLead({
    source: 'partner',
    company: unique('Hopper GmbH'),
    contactName: 'Grace Hopper',
    email: uniqueEmail('customer'),
    phone: `+49 30 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
    itemsOfInterest: ['PUMP-100', 'VALVE-20'],
    estimatedValueMinor: 2_000_000,
  });
  await crm.scoreLead({ leadId: lead.id });
  return crm.convertLead({
    leadId: lead.id,
    address: {
      line1: 'Friedrichstraße 100',
      city: overrides.city ?? 'Berlin',
      postalCode: '10117',
      country: 'DE',
      latitude: overrides.latitude ?? 52.5186,
      longitude: overrides.longitude ?? 13.3889,
    },
  });
}

/** A quote of two lines for an opportunity, as a process records it from ERP prices. */
export function quoteRequest(opportunity: { id: string; opportunityNo: string }) {
  return {
    quoteKey: `quote:${opportunity.opportunityNo}:1`,
    opportunityId: opportunity.id,
    currency: 'EUR',
    taxRatePercent: 19,
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    lines: [
      { sku: 'PUMP-100', quantity: 2, unitPriceMinor: 10_000, discountPercent: 5 },
      { sku: 'VALVE-20', quantity: 1, unitPriceMinor: 999 },
    ],
  };
}
