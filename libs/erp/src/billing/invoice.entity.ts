import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity';
import { Shipment } from '../fulfilment/shipment.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { WorkOrder } from '../service/work-order.entity';
import { InvoiceLine } from './invoice-line.entity';

export const invoiceKinds = ['sales', 'service'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];

export const invoiceStatuses = ['open', 'partially-paid', 'paid', 'void'] as const;
/** Invoices with money still owed. */
export const openInvoiceStatuses = ['open', 'partially-paid'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * A customer invoice: one per shipment (sales) or per billable work order (service).
 * `open → partially-paid → paid`, or `void` through a credit note. Overdue is not stored: an
 * open or partially paid invoice is overdue once its due date has passed.
 */
@Entity({ tableName: 'invoice' })
@Check({
  name: 'invoice_amounts_check',
  expression:
    'net_minor >= 0 and tax_minor >= 0 and gross_minor = net_minor + tax_minor and paid_minor >= 0 and credited_minor >= 0 and paid_minor + credited_minor <= gross_minor',
})
@Check({
  name: 'invoice_source_check',
  expression: '(shipment_id is null) <> (work_order_id is null)',
})
export class Invoice {
  [OptionalProps]?:
    'status' | 'paidMinor' | 'creditedMinor' | 'createdAt' | 'updatedAt' | 'balanceMinor';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  invoiceNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  invoiceKey!: string;

  @Enum({ items: () => [...invoiceKinds] })
  kind!: InvoiceKind;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @Property({ type: 'string', length: 20, index: true })
  customerNo!: string;

  @ManyToOne(() => SalesOrder, { nullable: true, index: true })
  order?: Rel<SalesOrder>;

  /** One invoice per shipment, enforced by the database. */
  @ManyToOne(() => Shipment, { nullable: true, unique: true })
  shipment?: Rel<Shipment>;

  @ManyToOne(() => WorkOrder, { nullable: true, unique: true })
  workOrder?: Rel<WorkOrder>;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'date' })
  issueDate!: string;

  @Property({ type: 'date', index: true })
  dueDate!: string;

  @Property({ type: 'integer' })
  taxRateBp!: number;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  paidMinor = 0;

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  creditedMinor = 0;

  @Enum({ items: () => [...invoiceStatuses] })
  status: InvoiceStatus = 'open';

  @Property({ type: 'datetime', nullable: true })
  voidedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => InvoiceLine, (line) => line.invoice, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<InvoiceLine>(this);

  get balanceMinor(): number {
    return this.grossMinor - this.paidMinor - this.creditedMinor;
  }
}
