export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (deg: number): number => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

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
      distance: origin && point ? distanceKm(origin, point) : Number.POSITIVE_INFINITY,
    };
  });
  keyed.sort(
    (a, b) => a.distance - b.distance || tieBreak(a.place).localeCompare(tieBreak(b.place)),
  );
  return keyed.map((k) => k.place);
}
