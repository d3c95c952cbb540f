import { greatCircleKm } from '@throughline/common';
import { nearestFirst } from './geo.rule';

const hamburg = { latitude: 53.5511, longitude: 9.9937 };
const munich = { latitude: 48.1351, longitude: 11.582 };
const berlin = { latitude: 52.52, longitude: 13.405 };

describe('geo rules', () => {
  it('measures Hamburg to Munich as about 612 km', () => {
    expect(greatCircleKm(hamburg, munich)).toBeGreaterThan(600);
    expect(greatCircleKm(hamburg, munich)).toBeLessThan(620);
  });

  it('orders warehouses nearest first from a customer in Potsdam', () => {
    const places = [
      { code: 'HAM', point: hamburg },
      { code: 'MUC', point: munich },
      { code: 'BER', point: berlin },
    ];
    const potsdam = { latitude: 52.3906, longitude: 13.0645 };
    const ordered = nearestFirst(
      places,
      potsdam,
      (p) => p.point,
      (p) => p.code,
    );
    expect(ordered.map((p) => p.code)).toEqual(['BER', 'HAM', 'MUC']);
  });

  it('falls back to the code order without a location', () => {
    const places = [{ code: 'B' }, { code: 'A' }];
    expect(
      nearestFirst(
        places,
        undefined,
        () => undefined,
        (p) => p.code,
      ),
    ).toEqual([{ code: 'A' }, { code: 'B' }]);
  });
});
