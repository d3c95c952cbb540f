import { priceQuote } from '@throughline/crm';
import {
  type InvoicedSoFar,
  lineAmounts,
  nothingInvoiced,
  shipmentInvoiceLineAmounts,
} from '@throughline/erp';

/**
 * Property: the CRM quote (`priceQuote`), the ERP sales order line (`lineAmounts`, as
 * SalesOrderService prices it) and the ERP invoices (`shipmentInvoiceLineAmounts`, as
 * InvoiceService bills each shipment) price a line to the same cent, and the invoices of a line
 * shipped in parts add up to the order line. Pure (no database); a seeded PRNG makes every
 * failure reproducible from its seed.
 */
const SEED = 0x5eed_2024;
const LINES = 100_000;

/** mulberry32: a small, fast, seedable 32-bit PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const commonDiscounts = [0, 250, 500, 1000, 1250, 1500, 2000, 3333];
const commonTaxRates = [1900, 700, 2000, 0];

interface RandomLine {
  quantity: number;
  unitPriceMinor: number;
  discountBp: number;
  taxRateBp: number;
  shipments: number[];
}

function randomLines(seed: number, count: number): RandomLine[] {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(values: T[]): T => values[int(0, values.length - 1)];
  return Array.from({ length: count }, () => {
    const unitPriceMinor = random() < 0.7 ? int(1, 2999) : int(1, 1_000_000);
    const quantity = int(1, 50);
    const discountBp = random() < 0.7 ? pick(commonDiscounts) : int(0, 10_000);
    const taxRateBp = random() < 0.8 ? pick(commonTaxRates) : int(0, 10_000);
    // A random split of the quantity into 1..4 partial shipments (each at least one unit).
    const parts = Math.min(quantity, int(1, 4));
    const cuts = new Set<number>();
    while (cuts.size < parts - 1) cuts.add(int(1, quantity - 1));
    const bounds = [0, ...[...cuts].sort((a, b) => a - b), quantity];
    const shipments = bounds.slice(1).map((end, i) => end - bounds[i]);
    return { quantity, unitPriceMinor, discountBp, taxRateBp, shipments };
  });
}

function orderLine(line: RandomLine) {
  return {
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountBp: line.discountBp,
    ...lineAmounts(line.quantity, line.unitPriceMinor, line.discountBp, line.taxRateBp),
  };
}

/** One invoice line per shipment, each billed knowing what the earlier ones billed. */
function invoiceLines(line: RandomLine) {
  const order = orderLine(line);
  let invoiced: InvoicedSoFar = nothingInvoiced;
  return line.shipments.map((quantity) => {
    const amounts = shipmentInvoiceLineAmounts(order, line.taxRateBp, invoiced, quantity);
    invoiced = {
      quantity: invoiced.quantity + quantity,
      netMinor: invoiced.netMinor + amounts.netMinor,
      taxMinor: invoiced.taxMinor + amounts.taxMinor,
    };
    return { ...amounts, grossMinor: amounts.netMinor + amounts.taxMinor };
  });
}

describe('one money rule across CRM and ERP (property, seeded)', () => {
  const lines = randomLines(SEED, LINES);

  it('samples the lines where rounding differs: half-cent discounts and split shipments', () => {
    const halfCentDiscounts = lines.filter(
      (l) => (l.quantity * l.unitPriceMinor * l.discountBp) % 10_000 === 5000,
    ).length;
    const split = lines.filter((l) => l.shipments.length > 1).length;
    expect(lines).toHaveLength(LINES);
    expect(halfCentDiscounts).toBeGreaterThan(1000);
    expect(split).toBeGreaterThan(LINES / 2);
    expect(lines.every((l) => l.shipments.reduce((a, b) => a + b, 0) === l.quantity)).toBe(true);
  });

  it('prices every line to the same cent in the quote, the order and a full invoice', () => {
    const mismatches: unknown[] = [];
    for (const line of lines) {
      const quote = priceQuote(
        [
          {
            sku: 'P',
            quantity: line.quantity,
            unitPriceMinor: line.unitPriceMinor,
            discountBasisPoints: line.discountBp,
          },
        ],
        line.taxRateBp,
      ).lines[0];
      const order = orderLine(line);
      const [invoice] = invoiceLines({ ...line, shipments: [line.quantity] });
      const same =
        quote.netMinor === order.netMinor &&
        quote.taxMinor === order.taxMinor &&
        quote.totalMinor === order.netMinor + order.taxMinor &&
        invoice.netMinor === order.netMinor &&
        invoice.taxMinor === order.taxMinor &&
        invoice.grossMinor === quote.totalMinor;
      if (!same) mismatches.push({ line, quote, order, invoice });
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 3) }).toEqual({
      count: 0,
      first: [],
    });
  });

  it('makes the invoices of partial shipments add up to the order line', () => {
    const mismatches: unknown[] = [];
    for (const line of lines) {
      const order = orderLine(line);
      const invoices = invoiceLines(line);
      const net = invoices.reduce((sum, i) => sum + i.netMinor, 0);
      const tax = invoices.reduce((sum, i) => sum + i.taxMinor, 0);
      const gross = invoices.reduce((sum, i) => sum + i.grossMinor, 0);
      const negative = invoices.some((i) => i.netMinor < 0 || i.taxMinor < 0);
      if (
        net !== order.netMinor ||
        tax !== order.taxMinor ||
        gross !== order.netMinor + order.taxMinor ||
        negative
      )
        mismatches.push({ line, order, invoices });
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 3) }).toEqual({
      count: 0,
      first: [],
    });
  });
});
