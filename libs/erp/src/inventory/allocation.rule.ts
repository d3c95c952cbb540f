import { nearestFirst, type GeoPoint } from '../shared/geo.rule';

export interface LevelSnapshot {
  id: string;
  itemId: string;
  warehouseId: string;
  warehouseCode: string;
  warehouseActive: boolean;
  point?: GeoPoint;
  available: number;
}

export interface DemandSnapshot<K> {
  key: K;
  itemId: string;
  quantity: number;
}

export interface PlannedAllocation<K> {
  key: K;
  takes: { levelId: string; warehouseId: string; quantity: number }[];
  shortfall: number;
}

/**
 * Where each demand's units come from: the nearest active warehouse with available stock
 * first (by code without an origin), then the next; what none has is the shortfall. Demands
 * are served in order and share what is available, so two lines of one item never double-count.
 */
export function planAllocation<K>(
  demands: DemandSnapshot<K>[],
  levels: LevelSnapshot[],
  origin: GeoPoint | undefined,
): PlannedAllocation<K>[] {
  const left = new Map(levels.map((level) => [level.id, level.available]));
  return demands.map((demand) => {
    const candidates = nearestFirst(
      levels.filter((l) => l.itemId === demand.itemId && l.warehouseActive),
      origin,
      (l) => l.point,
      (l) => l.warehouseCode,
    );
    const takes: PlannedAllocation<K>['takes'] = [];
    let remaining = Math.max(0, demand.quantity);
    for (const level of candidates) {
      if (remaining === 0) break;
      const take = Math.min(left.get(level.id)!, remaining);
      if (take <= 0) continue;
      left.set(level.id, left.get(level.id)! - take);
      takes.push({ levelId: level.id, warehouseId: level.warehouseId, quantity: take });
      remaining -= take;
    }
    return { key: demand.key, takes, shortfall: remaining };
  });
}
