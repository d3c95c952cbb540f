import { greatCircleKm } from '@throughline/common';
import { rankDealers, type RoutableDealer } from './dealer-routing.rule';

// Real city-centre coordinates.
const berlin = { latitude: 52.52, longitude: 13.405 };
const potsdam = { latitude: 52.3906, longitude: 13.0645 };
const hamburg = { latitude: 53.5511, longitude: 9.9937 };
const munich = { latitude: 48.1351, longitude: 11.582 };
const cologne = { latitude: 50.9375, longitude: 6.9603 };
const frankfurt = { latitude: 50.1109, longitude: 8.6821 };
const leipzig = { latitude: 51.3397, longitude: 12.3731 };

describe('great-circle distance', () => {
  it.each([
    ['Berlin', berlin, 'Munich', munich, 504],
    ['Berlin', berlin, 'Hamburg', hamburg, 255],
    ['Hamburg', hamburg, 'Munich', munich, 612],
    ['Cologne', cologne, 'Frankfurt', frankfurt, 152],
    ['Berlin', berlin, 'Potsdam', potsdam, 27],
  ])('from %s to %s is about the known %s km', (_a, a, _b, b, km) => {
    expect(Math.abs(greatCircleKm(a, b) - (km as number))).toBeLessThan(4);
  });
});

const dealer = (
  code: string,
  at: { latitude: number; longitude: number },
  over: Partial<RoutableDealer> = {},
): RoutableDealer => ({
  id: code,
  code,
  ...at,
  capabilities: ['repair', 'maintenance'],
  serviceLevels: ['standard', 'gold', 'platinum'],
  openCapacity: 2,
  active: true,
  ...over,
});

const dealers = [
  dealer('POTSDAM', potsdam),
  dealer('LEIPZIG', leipzig),
  dealer('HAMBURG', hamburg),
  dealer('BERLIN-NO-REPAIR', berlin, { capabilities: ['maintenance'] }),
  dealer('BERLIN-STANDARD-ONLY', berlin, { serviceLevels: ['standard'] }),
  dealer('BERLIN-FULL', berlin, { openCapacity: 0 }),
  dealer('BERLIN-INACTIVE', berlin, { active: false }),
  dealer('MUNICH', munich, { capabilities: ['repair', 'warranty-claim'] }),
];

describe('dealer routing', () => {
  it.each([
    [
      'a gold repair in Berlin',
      berlin,
      'repair',
      'gold',
      ['POTSDAM', 'LEIPZIG', 'HAMBURG', 'MUNICH'],
    ],
    [
      'a standard repair in Berlin',
      berlin,
      'repair',
      'standard',
      ['BERLIN-STANDARD-ONLY', 'POTSDAM', 'LEIPZIG', 'HAMBURG', 'MUNICH'],
    ],
    [
      'a platinum maintenance in Berlin',
      berlin,
      'maintenance',
      'platinum',
      ['BERLIN-NO-REPAIR', 'POTSDAM', 'LEIPZIG', 'HAMBURG'],
    ],
    ['a warranty claim in Frankfurt', frankfurt, 'warranty-claim', 'gold', ['MUNICH']],
    [
      'a gold repair in Munich',
      munich,
      'repair',
      'gold',
      ['MUNICH', 'LEIPZIG', 'POTSDAM', 'HAMBURG'],
    ],
    ['a complaint anywhere', cologne, 'complaint', 'standard', []],
  ] as const)(
    'proposes for %s, nearest capable dealer with capacity first: %j',
    (_, origin, capability, serviceLevel, expected) => {
      const ranked = rankDealers(dealers, { origin, capability, serviceLevel });
      expect(ranked.map((r) => r.dealer.code)).toEqual(expected);
      const distances = ranked.map((r) => r.distanceKm);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    },
  );

  it('prefers a dealer that served the customer before, among the equally near', () => {
    const near = dealer('NEAR', { latitude: 52.52, longitude: 13.48 }); // ~5 km
    const served = dealer('SERVED', { latitude: 52.52, longitude: 13.62 }); // ~15 km
    const farServed = dealer('FAR-SERVED', leipzig); // ~150 km
    const codes = (preferredDealerIds: string[]) =>
      rankDealers([near, served, farServed], {
        origin: berlin,
        capability: 'repair',
        serviceLevel: 'gold',
        preferredDealerIds,
      }).map((r) => r.dealer.code);
    expect(codes([])).toEqual(['NEAR', 'SERVED', 'FAR-SERVED']);
    expect(codes(['SERVED'])).toEqual(['SERVED', 'NEAR', 'FAR-SERVED']);
    // History never sends the customer farther than a nearer band.
    expect(codes(['FAR-SERVED'])).toEqual(['NEAR', 'SERVED', 'FAR-SERVED']);
  });

  it('never proposes a dealer out of reach', () => {
    const near = rankDealers(dealers, {
      origin: munich,
      capability: 'repair',
      serviceLevel: 'gold',
      maxDistanceKm: 400,
    });
    expect(near.map((r) => r.dealer.code)).toEqual(['MUNICH', 'LEIPZIG']);
    const far = { latitude: -40, longitude: -140 };
    expect(
      rankDealers(dealers, { origin: far, capability: 'repair', serviceLevel: 'gold' }),
    ).toEqual([]);
  });

  it('never proposes a dealer without the capability, the service level, capacity, or already asked', () => {
    const ranked = rankDealers(dealers, {
      origin: berlin,
      capability: 'repair',
      serviceLevel: 'platinum',
      excludeDealerIds: ['POTSDAM'],
    });
    const codes = ranked.map((r) => r.dealer.code);
    expect(codes).not.toEqual(expect.arrayContaining(['BERLIN-NO-REPAIR']));
    expect(codes).not.toContain('BERLIN-STANDARD-ONLY');
    expect(codes).not.toContain('BERLIN-FULL');
    expect(codes).not.toContain('BERLIN-INACTIVE');
    expect(codes[0]).toBe('LEIPZIG');
  });
});
