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
  /** Dealers that served this customer before: first among the equally fit (same band). */
  preferredDealerIds?: string[];
}

/**
 * Dealers whose distances fall in the same band of this many km are equally fit; within a band
 * one that served the customer before comes first (the call center routes "by the customer's
 * history and service level"), then the nearer.
 */
export const PREFERENCE_BAND_KM = 25;

/** How far a customer is sent for service at most, by default. */
export const DEFAULT_MAX_DEALER_DISTANCE_KM = 1000;

export interface RankedDealer<D> {
  dealer: D;
  distanceKm: number;
}

/**
 * The dealers that may take the work, nearest first: active, with the capability, serving the
 * customer's service level, with open capacity and within reach (maxDistanceKm). Within one
 * band of PREFERENCE_BAND_KM, a dealer that served the customer before comes first; equal
 * distances go to the one with more open capacity, then by code, so the order is stable.
 */
export function rankDealers<D extends RoutableDealer>(
  dealers: D[],
  need: RoutingNeed,
): RankedDealer<D>[] {
  const excluded = new Set(need.excludeDealerIds ?? []);
  const preferred = new Set(need.preferredDealerIds ?? []);
  const band = (km: number): number => Math.floor(km / PREFERENCE_BAND_KM);
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
        band(a.distanceKm) - band(b.distanceKm) ||
        Number(preferred.has(b.dealer.id)) - Number(preferred.has(a.dealer.id)) ||
        a.distanceKm - b.distanceKm ||
        b.dealer.openCapacity - a.dealer.openCapacity ||
        a.dealer.code.localeCompare(b.dealer.code),
    )
    .slice(0, need.limit ?? 10);
}
