import type { ServiceLevel } from '../accounts/account.entity';
import type { DealerCapability } from './dealer.entity';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), km. */
const earthRadiusKm = 6371.0088;

/** Great-circle distance (haversine), km. */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (degrees: number): number => (degrees * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface RoutableDealer extends GeoPoint {
  id: string;
  code: string;
  capabilities: DealerCapability[];
  serviceLevels: ServiceLevel[];
  openCapacity: number;
  active: boolean;
}

export interface RoutingNeed {
  origin: GeoPoint;
  capability: DealerCapability;
  serviceLevel: ServiceLevel;
  /** Dealers already asked (declined or timed out): the next one is proposed instead. */
  excludeDealerIds?: string[];
  limit?: number;
}

export interface RankedDealer<D> {
  dealer: D;
  distanceKm: number;
}

/**
 * The dealers that may take the work, nearest first: active, with the capability, serving the
 * customer's service level and with open capacity. Equal distances go to the one with more open
 * capacity, then by code, so the order is stable.
 */
export function rankDealers<D extends RoutableDealer>(
  dealers: D[],
  need: RoutingNeed,
): RankedDealer<D>[] {
  const excluded = new Set(need.excludeDealerIds ?? []);
  return dealers
    .filter(
      (dealer) =>
        dealer.active &&
        dealer.openCapacity > 0 &&
        dealer.capabilities.includes(need.capability) &&
        dealer.serviceLevels.includes(need.serviceLevel) &&
        !excluded.has(dealer.id),
    )
    .map((dealer) => ({ dealer, distanceKm: greatCircleKm(need.origin, dealer) }))
    .sort(
      (a, b) =>
        a.distanceKm - b.distanceKm ||
        b.dealer.openCapacity - a.dealer.openCapacity ||
        a.dealer.code.localeCompare(b.dealer.code),
    )
    .slice(0, need.limit ?? 10);
}
