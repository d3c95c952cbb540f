import { greatCircleKm, type GeoPoint } from '@throughline/common';
import type { ServiceLevel } from '../accounts/account.entity';
import type { DealerCapability } from './dealer.entity';

export type { GeoPoint };

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
  /** Farther than this, a dealer is no candidate (the customer would not get there). */
  maxDistanceKm?: number;
}

/** How far a customer is sent for service at most, by default. */
export const DEFAULT_MAX_DEALER_DISTANCE_KM = 1000;

export interface RankedDealer<D> {
  dealer: D;
  distanceKm: number;
}

/**
 * The dealers that may take the work, nearest first: active, with the capability, serving the
 * customer's service level, with open capacity and within reach (maxDistanceKm). Equal distances go to the one with more open
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
    .filter(
      ({ distanceKm }) => distanceKm <= (need.maxDistanceKm ?? DEFAULT_MAX_DEALER_DISTANCE_KM),
    )
    .sort(
      (a, b) =>
        a.distanceKm - b.distanceKm ||
        b.dealer.openCapacity - a.dealer.openCapacity ||
        a.dealer.code.localeCompare(b.dealer.code),
    )
    .slice(0, need.limit ?? 10);
}
