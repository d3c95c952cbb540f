import { greatCircleKm, type GeoPoint } from '@throughline/common';

export type { GeoPoint };

/**
 * Orders places nearest first from `origin`; without an origin (or a place without coordinates)
 * the order falls back to `tieBreak`, so the choice is always deterministic.
 */
export function nearestFirst<T>(
  places: T[],
  origin: GeoPoint | undefined,
  pointOf: (place: T) => GeoPoint | undefined,
  tieBreak: (place: T) => string,
): T[] {
  const keyed = places.map((place) => {
    const point = pointOf(place);
    return {
      place,
      distance: origin && point ? greatCircleKm(origin, point) : Number.POSITIVE_INFINITY,
    };
  });
  keyed.sort(
    (a, b) => a.distance - b.distance || tieBreak(a.place).localeCompare(tieBreak(b.place)),
  );
  return keyed.map((k) => k.place);
}

/** The point of a place with coordinates (a warehouse, a ship-to, a site); undefined without. */
export function pointOf(
  location: { latitude?: number | null; longitude?: number | null } | undefined | null,
): GeoPoint | undefined {
  if (location?.latitude == null || location.longitude == null) return undefined;
  return { latitude: location.latitude, longitude: location.longitude };
}
