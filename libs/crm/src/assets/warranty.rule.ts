/** Calendar date arithmetic on `YYYY-MM-DD`, in UTC; a month later than Jan 31 is Feb 28/29. */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export interface AssetDates {
  warrantyEndsOn: string;
  nextMaintenanceOn?: string;
}

/** Warranty runs for the item's warranty months from delivery; the first maintenance is one interval after it. */
export function assetDates(
  deliveredOn: string,
  warrantyMonths: number,
  maintenanceIntervalMonths?: number,
): AssetDates {
  return {
    warrantyEndsOn: addMonths(deliveredOn, warrantyMonths),
    ...(maintenanceIntervalMonths
      ? { nextMaintenanceOn: addMonths(deliveredOn, maintenanceIntervalMonths) }
      : {}),
  };
}

/** In warranty through the last day of the warranty, inclusive. */
export function isInWarranty(warrantyEndsOn: string, on: Date): boolean {
  return on.toISOString().slice(0, 10) <= warrantyEndsOn;
}
