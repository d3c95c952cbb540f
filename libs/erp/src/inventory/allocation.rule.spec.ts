import { planAllocation, type LevelSnapshot } from './allocation.rule';

const hamburg = { latitude: 53.5511, longitude: 9.9937 };
const munich = { latitude: 48.1351, longitude: 11.582 };
const augsburg = { latitude: 48.3705, longitude: 10.8978 };

const level = (
  id: string,
  itemId: string,
  code: string,
  point: typeof hamburg,
  available: number,
): LevelSnapshot => ({
  id,
  itemId,
  warehouseId: `w-${code}`,
  warehouseCode: code,
  warehouseActive: true,
  point,
  available,
});

describe('planning an allocation', () => {
  it('takes from the nearest warehouse first and the next when it runs out', () => {
    const levels = [level('h', 'bike', 'HAM', hamburg, 5), level('m', 'bike', 'MUC', munich, 2)];
    expect(planAllocation([{ key: 1, itemId: 'bike', quantity: 4 }], levels, augsburg)).toEqual([
      {
        key: 1,
        takes: [
          { levelId: 'm', warehouseId: 'w-MUC', quantity: 2 },
          { levelId: 'h', warehouseId: 'w-HAM', quantity: 2 },
        ],
        shortfall: 0,
      },
    ]);
  });

  it('reports the shortfall and shares stock between two lines of one item', () => {
    const levels = [level('m', 'pads', 'MUC', munich, 5)];
    const plan = planAllocation(
      [
        { key: 1, itemId: 'pads', quantity: 3 },
        { key: 2, itemId: 'pads', quantity: 3 },
      ],
      levels,
      augsburg,
    );
    expect(plan.map((p) => [p.takes.reduce((s, t) => s + t.quantity, 0), p.shortfall])).toEqual([
      [3, 0],
      [2, 1],
    ]);
  });

  it('skips inactive warehouses', () => {
    const levels = [{ ...level('m', 'bike', 'MUC', munich, 5), warehouseActive: false }];
    expect(
      planAllocation([{ key: 1, itemId: 'bike', quantity: 1 }], levels, augsburg)[0],
    ).toMatchObject({
      takes: [],
      shortfall: 1,
    });
  });
});
