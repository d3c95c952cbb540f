import type { ServiceLevel } from '../accounts/account.entity';
import type { Dealer, DealerCapability } from './dealer.entity';

export interface DealerView {
  id: string;
  code: string;
  name: string;
  city: string;
  latitude: number;
  longitude: number;
  capabilities: DealerCapability[];
  serviceLevels: ServiceLevel[];
  openCapacity: number;
  active: boolean;
}

export interface DealerCandidateView extends DealerView {
  /** Great-circle distance from the customer, km, one decimal. */
  distanceKm: number;
}

export function toDealerView(dealer: Dealer): DealerView {
  return {
    id: dealer.id,
    code: dealer.code,
    name: dealer.name,
    city: dealer.city,
    latitude: dealer.latitude,
    longitude: dealer.longitude,
    capabilities: dealer.capabilities,
    serviceLevels: dealer.serviceLevels,
    openCapacity: dealer.openCapacity,
    active: dealer.active,
  };
}

export function toDealerCandidateView(dealer: Dealer, distanceKm: number): DealerCandidateView {
  return { ...toDealerView(dealer), distanceKm: Math.round(distanceKm * 10) / 10 };
}
