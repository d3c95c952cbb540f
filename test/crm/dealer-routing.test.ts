import { CrmActivities } from '@throughline/activities/crm';
import { DealerService } from '@throughline/crm';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { convertedCustomer, invariantViolations, unique } from './crm-fixtures';

// Real coordinates in Austria, far from the German demo dealers other suites create, so this
// suite's dealers are the nearest for its customers.
const vienna = { latitude: 48.2082, longitude: 16.3738 };
const viennaSouth = { latitude: 48.1486, longitude: 16.3886 }; // Favoriten
const stPoelten = { latitude: 48.2047, longitude: 15.6256 };
const linz = { latitude: 48.3069, longitude: 14.2858 };
const graz = { latitude: 47.0707, longitude: 15.4395 };
const salzburg = { latitude: 47.8095, longitude: 13.055 };

describe('dealer routing from the customer address', () => {
  let app: RunningApp;
  let crm: CrmActivities;
  const run = unique('R').toUpperCase();
  const code = (name: string): string => `${run}-${name}`;

  beforeAll(async () => {
    app = await startApp('crm');
    crm = activitiesOf(app.app, CrmActivities);
    const dealers = activitiesOf(app.app, DealerService);
    const all = ['standard', 'gold', 'platinum'] as const;
    const network = [
      {
        name: 'VIE-SOUTH',
        at: viennaSouth,
        capabilities: ['repair', 'maintenance'],
        levels: all,
        capacity: 2,
      },
      { name: 'VIE-MAINT', at: vienna, capabilities: ['maintenance'], levels: all, capacity: 5 },
      { name: 'VIE-STD', at: vienna, capabilities: ['repair'], levels: ['standard'], capacity: 5 },
      { name: 'VIE-FULL', at: vienna, capabilities: ['repair'], levels: all, capacity: 0 },
      {
        name: 'STP',
        at: stPoelten,
        capabilities: ['repair', 'warranty-claim'],
        levels: ['gold', 'platinum'],
        capacity: 1,
      },
      {
        name: 'LNZ',
        at: linz,
        capabilities: ['repair', 'maintenance', 'warranty-claim'],
        levels: all,
        capacity: 3,
      },
      { name: 'GRZ', at: graz, capabilities: ['repair', 'complaint'], levels: all, capacity: 3 },
      {
        name: 'SZG',
        at: salzburg,
        capabilities: ['repair', 'warranty-claim'],
        levels: ['platinum'],
        capacity: 3,
      },
    ] as const;
    for (const d of network) {
      await dealers.create({
        code: code(d.name),
        name: `Dealer ${d.name}`,
        city: d.name,
        ...d.at,
        capabilities: [...d.capabilities],
        serviceLevels: [...d.levels],
        openCapacity: d.capacity,
      });
    }
  });

  afterAll(async () => {
    expect(await invariantViolations(app.app)).toEqual([]);
    await app?.app.close();
    await closeSql();
  });

  it.each([
    [
      'a standard repair in Vienna',
      vienna,
      'standard',
      'repair',
      ['VIE-STD', 'VIE-SOUTH', 'GRZ', 'LNZ'],
    ],
    ['a gold repair in Vienna', vienna, 'gold', 'repair', ['VIE-SOUTH', 'STP', 'GRZ', 'LNZ']],
    [
      'a platinum repair in Vienna',
      vienna,
      'platinum',
      'repair',
      ['VIE-SOUTH', 'STP', 'GRZ', 'LNZ', 'SZG'],
    ],
    [
      'a platinum warranty claim in Salzburg',
      salzburg,
      'platinum',
      'warranty-claim',
      ['SZG', 'LNZ', 'STP'],
    ],
    ['a gold maintenance in Graz', graz, 'gold', 'maintenance', ['VIE-SOUTH', 'VIE-MAINT', 'LNZ']],
    ['a standard complaint in Linz', linz, 'standard', 'complaint', ['GRZ']],
  ] as const)(
    'for %s proposes the nearest capable dealers with capacity first',
    async (_, at, level, capability, expected) => {
      const { account } = await convertedCustomer(crm, { ...at, city: 'Austria' });
      await sql(`update crm.account set service_level = $1 where id = $2`, [level, account.id]);
      const result = await crm.findCandidateDealers({
        customerNo: account.customerNo,
        capability,
        limit: 50,
      });
      const ours = result.dealers.filter((d) => d.code.startsWith(`${run}-`));
      expect(ours.map((d) => d.code)).toEqual(expected.map(code));
      expect(result.dealers[0].code).toBe(code(expected[0]));
      const distances = result.dealers.map((d) => d.distanceKm);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      for (const dealer of result.dealers) {
        expect(dealer.capabilities).toContain(capability);
        expect(dealer.serviceLevels).toContain(level);
        expect(dealer.openCapacity).toBeGreaterThan(0);
      }
    },
  );

  it('asks the next dealer when the first one declined', async () => {
    const { account } = await convertedCustomer(crm, { ...vienna, city: 'Vienna' });
    const first = await crm.findCandidateDealers({
      customerNo: account.customerNo,
      capability: 'repair',
    });
    const next = await crm.findCandidateDealers({
      customerNo: account.customerNo,
      capability: 'repair',
      excludeDealerIds: [first.dealers[0].id],
    });
    expect(next.dealers[0].code).toBe(first.dealers[1].code);
  });

  it('refuses to route a customer whose address has no coordinates', async () => {
    const account = await crm.openAccount({
      name: 'Nowhere',
      email: `${unique('nowhere')}@example.com`,
      kind: 'consumer',
    });
    await expect(
      crm.findCandidateDealers({ customerNo: account.customerNo, capability: 'repair' }),
    ).rejects.toMatchObject({
      code: 'customer-location-unknown',
      kind: 'business-rule',
    });
  });
});
