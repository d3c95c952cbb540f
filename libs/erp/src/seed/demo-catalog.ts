import type { CreateItemInput, CreateWarehouseInput } from '../catalog/catalog.schemas';

/**
 * The demo catalog of a company that sells and services e-bikes and e-scooters in Germany:
 * serialized vehicles with warranty, batteries and spare parts, accessories, and services.
 */
type Row = [
  sku: string,
  name: string,
  costMinor: number,
  listMinor: number,
  warrantyMonths: number,
  supplier: string,
  leadTimeDays: number,
];

const vehicles: Row[] = [
  ['EB-CITY-500', 'City e-bike 500 Wh, 7-speed hub', 118_000, 249_900, 24, 'Velotech GmbH', 21],
  ['EB-CITY-625', 'City e-bike 625 Wh, belt drive', 142_000, 299_900, 24, 'Velotech GmbH', 21],
  ['EB-TREK-625', 'Trekking e-bike 625 Wh, 11-speed', 155_000, 329_900, 24, 'Velotech GmbH', 28],
  ['EB-MTB-750', 'e-MTB full suspension 750 Wh', 228_000, 479_900, 24, 'Alpenrad AG', 35],
  ['EB-GRAVEL-400', 'Gravel e-bike 400 Wh, carbon fork', 161_000, 339_900, 24, 'Alpenrad AG', 35],
  ['EB-FOLD-360', 'Folding e-bike 360 Wh', 89_000, 189_900, 24, 'Velotech GmbH', 14],
  [
    'EB-CARGO-2W',
    'Cargo e-bike two-wheeler, 2×500 Wh',
    265_000,
    549_900,
    24,
    'Lastrad Manufaktur',
    42,
  ],
  [
    'EB-CARGO-3W',
    'Cargo e-trike, 750 Wh, rain cover',
    318_000,
    649_900,
    24,
    'Lastrad Manufaktur',
    42,
  ],
  [
    'ES-URBAN-20',
    'e-Scooter urban 20 km/h, 10" tyres',
    21_000,
    49_900,
    24,
    'Kickline Mobility',
    14,
  ],
  ['ES-PRO-25', 'e-Scooter pro, dual suspension', 39_000, 89_900, 24, 'Kickline Mobility', 14],
];

const parts: Row[] = [
  ['BAT-500', 'Frame battery 500 Wh', 31_000, 69_900, 24, 'CellPack Europe', 10],
  ['BAT-625', 'Frame battery 625 Wh', 37_000, 84_900, 24, 'CellPack Europe', 10],
  ['BAT-750', 'Frame battery 750 Wh', 43_000, 99_900, 24, 'CellPack Europe', 10],
  ['BAT-ES-48V', 'Scooter battery 48 V 13 Ah', 14_500, 32_900, 12, 'CellPack Europe', 10],
  ['CHG-4A', 'Charger 4 A', 3_900, 8_990, 24, 'CellPack Europe', 7],
  ['CHG-FAST-6A', 'Fast charger 6 A', 6_900, 14_990, 24, 'CellPack Europe', 7],
  ['MOT-MID-85', 'Mid-drive motor 85 Nm', 39_000, 89_900, 24, 'Antrieb Systems', 21],
  ['MOT-HUB-250', 'Rear hub motor 250 W', 17_500, 39_900, 24, 'Antrieb Systems', 21],
  ['DSP-COLOR', 'Colour display with remote', 7_900, 17_990, 24, 'Antrieb Systems', 14],
  ['CTRL-ES-36', 'Scooter controller 36 V', 4_200, 9_990, 12, 'Kickline Mobility', 14],
  ['BRK-PAD-2P', 'Disc brake pads, 2-piston (pair)', 450, 1_490, 0, 'Stopwerk', 5],
  ['BRK-PAD-4P', 'Disc brake pads, 4-piston (pair)', 690, 2_190, 0, 'Stopwerk', 5],
  ['BRK-ROTOR-180', 'Brake rotor 180 mm', 1_400, 3_990, 0, 'Stopwerk', 5],
  ['BRK-ROTOR-203', 'Brake rotor 203 mm', 1_700, 4_690, 0, 'Stopwerk', 5],
  ['TYR-28-47', 'Tyre 28" × 47 mm, puncture protection', 1_300, 3_490, 0, 'Gummiwerk', 7],
  ['TYR-29-24', 'MTB tyre 29" × 2.4', 2_100, 5_490, 0, 'Gummiwerk', 7],
  ['TYR-ES-10', 'Scooter tyre 10"', 900, 2_490, 0, 'Gummiwerk', 7],
  ['TUB-28', 'Inner tube 28"', 250, 790, 0, 'Gummiwerk', 7],
  ['TUB-29', 'Inner tube 29"', 280, 890, 0, 'Gummiwerk', 7],
  ['CHN-11S', 'Chain 11-speed, e-bike rated', 1_500, 3_990, 0, 'Kettenwerk', 7],
  ['CHN-BELT-118', 'Carbon drive belt 118T', 3_900, 8_990, 0, 'Kettenwerk', 14],
  ['CAS-11-46', 'Cassette 11–46, 11-speed', 3_200, 7_990, 0, 'Kettenwerk', 7],
  ['SPK-SENSOR', 'Speed sensor with magnet', 900, 2_490, 12, 'Antrieb Systems', 7],
  ['LGT-FRONT-70', 'Front light 70 lux, e-bike', 2_200, 5_490, 12, 'Lichtblick', 7],
  ['LGT-REAR-BRK', 'Rear light with brake light', 1_100, 2_990, 12, 'Lichtblick', 7],
  ['FORK-SUS-120', 'Suspension fork 120 mm', 14_000, 32_900, 24, 'Alpenrad AG', 21],
];

const accessories: Row[] = [
  ['HLM-URBAN-M', 'Urban helmet, size M', 2_300, 5_990, 0, 'Kopfsache', 7],
  ['HLM-URBAN-L', 'Urban helmet, size L', 2_300, 5_990, 0, 'Kopfsache', 7],
  ['HLM-MIPS-M', 'MTB helmet MIPS, size M', 4_900, 11_990, 0, 'Kopfsache', 7],
  ['LCK-FOLD-110', 'Folding lock 110 cm, level 15', 3_200, 7_990, 0, 'Sicherwerk', 7],
  ['LCK-CHAIN-120', 'Chain lock 120 cm, level 18', 4_400, 10_990, 0, 'Sicherwerk', 7],
  ['PAN-REAR-2x20', 'Rear panniers 2 × 20 l', 4_100, 9_990, 0, 'Packesel', 10],
  ['BSK-FRONT', 'Front basket, quick release', 1_600, 3_990, 0, 'Packesel', 10],
  ['CHILD-SEAT', 'Child seat, rear rack mount', 5_200, 12_990, 0, 'Packesel', 14],
  ['PMP-FLOOR', 'Floor pump with gauge', 1_400, 3_490, 0, 'Gummiwerk', 7],
  ['MIR-BAR', 'Handlebar mirror', 500, 1_490, 0, 'Lichtblick', 7],
  ['GPS-TRACKER', 'GPS anti-theft tracker', 3_900, 9_990, 12, 'Sicherwerk', 10],
  ['COVER-RAIN', 'Rain cover for cargo bike', 4_800, 11_990, 0, 'Lastrad Manufaktur', 14],
  ['GLV-WINTER-M', 'Winter gloves, size M', 1_100, 2_990, 0, 'Kopfsache', 7],
  ['PHN-MOUNT', 'Phone mount with charging', 1_800, 4_490, 0, 'Lichtblick', 7],
];

const services: Row[] = [
  ['SVC-INSPECT', 'Annual inspection', 0, 8_900, 0, 'Throughline Service', 0],
  ['SVC-MAINT-PKG', 'Maintenance package (2 inspections)', 0, 15_900, 0, 'Throughline Service', 0],
  ['SVC-DELIVERY', 'Delivery and set-up at home', 0, 4_900, 0, 'Throughline Service', 0],
  ['SVC-FIT', 'Bike fitting, 60 min', 0, 7_900, 0, 'Throughline Service', 0],
  ['SVC-BATT-CHECK', 'Battery diagnosis', 0, 2_900, 0, 'Throughline Service', 0],
];

const toItem =
  (kind: 'stock' | 'service', serialized: boolean) =>
  ([
    sku,
    name,
    costMinor,
    listMinor,
    warrantyMonths,
    supplier,
    leadTimeDays,
  ]: Row): CreateItemInput => ({
    sku,
    name,
    unit: kind === 'service' ? 'svc' : 'pcs',
    kind,
    standardCostMinor: costMinor,
    listPriceMinor: listMinor,
    warrantyMonths,
    serialized,
    supplier,
    leadTimeDays,
  });

export const demoItems: CreateItemInput[] = [
  ...vehicles.map(toItem('stock', true)),
  ...parts.map(toItem('stock', false)),
  ...accessories.map(toItem('stock', false)),
  ...services.map(toItem('service', false)),
];

export const demoWarehouses: CreateWarehouseInput[] = [
  {
    code: 'HAM',
    name: 'Hamburg North distribution centre',
    location: {
      line1: 'Hansestraße 12',
      city: 'Hamburg',
      postalCode: '22113',
      country: 'DE',
      latitude: 53.5511,
      longitude: 9.9937,
    },
  },
  {
    code: 'CGN',
    name: 'Cologne West warehouse',
    location: {
      line1: 'Industriestraße 40',
      city: 'Köln',
      postalCode: '50735',
      country: 'DE',
      latitude: 50.9375,
      longitude: 6.9603,
    },
  },
  {
    code: 'MUC',
    name: 'Munich South warehouse',
    location: {
      line1: 'Lerchenauer Straße 88',
      city: 'München',
      postalCode: '80809',
      country: 'DE',
      latitude: 48.1351,
      longitude: 11.582,
    },
  },
];

export const demoPriceList = {
  code: 'STANDARD',
  name: 'Standard prices 2026 (EUR)',
  isDefault: true,
};

/** Quantity breaks on parts and accessories: 5 % off from 10 units, 10 % off from 50. */
export const demoQuantityBreaks = [...parts, ...accessories].flatMap(([sku, , , listMinor]) => [
  { sku, minQuantity: 10, unitPriceMinor: Math.round(listMinor * 0.95) },
  { sku, minQuantity: 50, unitPriceMinor: Math.round(listMinor * 0.9) },
]);

/**
 * Negotiated prices of the first demo customers (the first accounts the onboarding process
 * creates get C-000001, C-000002, …): a fleet customer and a bike shop.
 */
export const demoCustomerPrices = [
  { customerNo: 'C-000001', sku: 'EB-CITY-500', minQuantity: 1, unitPriceMinor: 229_900 },
  { customerNo: 'C-000001', sku: 'EB-CARGO-2W', minQuantity: 1, unitPriceMinor: 509_900 },
  { customerNo: 'C-000001', sku: 'EB-CARGO-2W', minQuantity: 5, unitPriceMinor: 489_900 },
  { customerNo: 'C-000001', sku: 'SVC-MAINT-PKG', minQuantity: 1, unitPriceMinor: 12_900 },
  { customerNo: 'C-000002', sku: 'BRK-PAD-2P', minQuantity: 1, unitPriceMinor: 1_090 },
  { customerNo: 'C-000002', sku: 'TYR-28-47', minQuantity: 1, unitPriceMinor: 2_790 },
  { customerNo: 'C-000002', sku: 'CHN-11S', minQuantity: 1, unitPriceMinor: 3_190 },
  { customerNo: 'C-000002', sku: 'ES-URBAN-20', minQuantity: 3, unitPriceMinor: 42_900 },
];

/**
 * Opening stock per warehouse: vehicles are scarce (some locations have none, so orders split
 * or backorder), parts and accessories are plentiful. Deterministic, so seeding is repeatable.
 */
export function demoOpeningStock(): { sku: string; warehouseCode: string; quantity: number }[] {
  const rows: { sku: string; warehouseCode: string; quantity: number }[] = [];
  vehicles.forEach(([sku], i) => {
    const perWarehouse = [(i * 3) % 7, (i * 5 + 2) % 6, (i * 2 + 1) % 5];
    demoWarehouses.forEach((w, j) => {
      if (perWarehouse[j] > 0) rows.push({ sku, warehouseCode: w.code, quantity: perWarehouse[j] });
    });
  });
  [...parts, ...accessories].forEach(([sku], i) => {
    demoWarehouses.forEach((w, j) => {
      const quantity = 20 + ((i * 17 + j * 11) % 80);
      if ((i + j) % 9 !== 0) rows.push({ sku, warehouseCode: w.code, quantity });
    });
  });
  return rows;
}
