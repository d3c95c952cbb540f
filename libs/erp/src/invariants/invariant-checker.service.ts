import { Injectable } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Accounts } from '../ledger/chart-of-accounts';

export interface InvariantViolation {
  invariant: string;
  message: string;
  /** The offending rows (at most 20 per invariant). */
  rows: Record<string, unknown>[];
}

interface Invariant {
  name: string;
  message: string;
  /** Returns the rows that break the invariant; none when it holds. */
  sql: string;
}

const MAX_ROWS = 20;

/** Each invariant is a query for the rows that break it, so a report shows what is wrong. */
const invariants: Invariant[] = [
  {
    name: 'on-hand-equals-stock-ledger',
    message: 'on hand differs from the sum of the stock ledger',
    sql: `with ledger as (
        select item_id, warehouse_id, sum(quantity) as quantity from erp.stock_ledger_entry group by 1, 2)
      select i.sku, w.code as warehouse, coalesce(s.on_hand, 0) as on_hand, coalesce(l.quantity, 0) as ledger_quantity
        from erp.stock_level s full outer join ledger l on l.item_id = s.item_id and l.warehouse_id = s.warehouse_id
        join erp.item i on i.id = coalesce(s.item_id, l.item_id)
        join erp.warehouse w on w.id = coalesce(s.warehouse_id, l.warehouse_id)
       where coalesce(s.on_hand, 0) <> coalesce(l.quantity, 0)`,
  },
  {
    name: 'stock-value-equals-stock-ledger',
    message: 'the value of a stock level differs from the sum of its stock ledger values',
    sql: `with ledger as (
        select item_id, warehouse_id, sum(value_minor) as value from erp.stock_ledger_entry group by 1, 2)
      select i.sku, w.code as warehouse, coalesce(s.value_minor, 0) as value_minor, coalesce(l.value, 0) as ledger_value
        from erp.stock_level s full outer join ledger l on l.item_id = s.item_id and l.warehouse_id = s.warehouse_id
        join erp.item i on i.id = coalesce(s.item_id, l.item_id)
        join erp.warehouse w on w.id = coalesce(s.warehouse_id, l.warehouse_id)
       where coalesce(s.value_minor, 0) <> coalesce(l.value, 0)`,
  },
  {
    name: 'reserved-equals-active-reservations',
    message: 'reserved differs from the sum of active reservations',
    sql: `with held as (
        select item_id, warehouse_id, sum(quantity) as quantity from erp.reservation where status = 'active' group by 1, 2)
      select i.sku, w.code as warehouse, coalesce(s.reserved, 0) as reserved, coalesce(h.quantity, 0) as active_reservations
        from erp.stock_level s full outer join held h on h.item_id = s.item_id and h.warehouse_id = s.warehouse_id
        join erp.item i on i.id = coalesce(s.item_id, h.item_id)
        join erp.warehouse w on w.id = coalesce(s.warehouse_id, h.warehouse_id)
       where coalesce(s.reserved, 0) <> coalesce(h.quantity, 0)`,
  },
  {
    name: 'available-not-negative',
    message: 'available (on hand − reserved) is below zero',
    sql: `select i.sku, w.code as warehouse, s.on_hand, s.reserved
        from erp.stock_level s join erp.item i on i.id = s.item_id join erp.warehouse w on w.id = s.warehouse_id
       where s.on_hand - s.reserved < 0 or s.on_hand < 0 or s.reserved < 0`,
  },
  {
    name: 'journal-entry-balances',
    message: 'a journal entry does not balance (or has fewer than two lines)',
    sql: `select e.entry_no, coalesce(sum(l.debit_minor), 0) as debits, coalesce(sum(l.credit_minor), 0) as credits, count(l.id) as lines
        from erp.journal_entry e left join erp.journal_line l on l.entry_id = e.id
       group by e.id, e.entry_no
      having coalesce(sum(l.debit_minor), 0) <> coalesce(sum(l.credit_minor), 0) or count(l.id) < 2`,
  },
  {
    name: 'ar-equals-open-invoices-less-payments',
    message: 'the Accounts Receivable balance differs from open invoice amounts less payments',
    sql: `with gl as (
        select coalesce(sum(debit_minor - credit_minor), 0) as balance from erp.journal_line where account_code = '${Accounts.accountsReceivable}'),
      sub as (
        select coalesce(sum(gross_minor - credited_minor), 0) as invoiced,
               (select coalesce(sum(amount_minor), 0) from erp.payment) as paid
          from erp.invoice)
      select gl.balance as ar_balance, sub.invoiced as open_invoice_amounts, sub.paid as payments
        from gl, sub where gl.balance <> sub.invoiced - sub.paid`,
  },
  {
    name: 'invoice-paid-equals-allocations',
    message: "an invoice's paid amount differs from the payments allocated to it",
    sql: `select i.invoice_no, i.paid_minor, coalesce(sum(a.amount_minor), 0) as allocated
        from erp.invoice i left join erp.payment_allocation a on a.invoice_id = i.id
       group by i.id, i.invoice_no, i.paid_minor
      having i.paid_minor <> coalesce(sum(a.amount_minor), 0)`,
  },
  {
    name: 'payment-fully-allocated',
    message: 'a payment is not allocated in full to invoices',
    sql: `select p.payment_no, p.amount_minor, coalesce(sum(a.amount_minor), 0) as allocated
        from erp.payment p left join erp.payment_allocation a on a.payment_id = p.id
       group by p.id, p.payment_no, p.amount_minor
      having p.amount_minor <> coalesce(sum(a.amount_minor), 0)`,
  },
  {
    name: 'inventory-equals-stock-ledger-value',
    message: 'the Inventory account balance differs from the value of the stock ledger',
    sql: `with gl as (
        select coalesce(sum(debit_minor - credit_minor), 0) as balance from erp.journal_line where account_code = '${Accounts.inventory}'),
      ledger as (select coalesce(sum(value_minor), 0) as value from erp.stock_ledger_entry)
      select gl.balance as inventory_balance, ledger.value as stock_ledger_value
        from gl, ledger where gl.balance <> ledger.value`,
  },
  {
    name: 'cancelled-order-holds-nothing',
    message: 'a cancelled sales order still holds stock',
    sql: `select o.order_no, r.id as reservation_id, r.quantity
        from erp.reservation r join erp.sales_order_line l on l.id = r.sales_order_line_id
        join erp.sales_order o on o.id = l.order_id
       where o.status = 'cancelled' and r.status = 'active'`,
  },
  {
    name: 'credit-blocked-order-ships-nothing',
    message: 'a credit-blocked sales order has a shipment or shipped units',
    sql: `select o.order_no, s.shipment_no, s.status as shipment_status, l.line_no, l.quantity_shipped
        from erp.sales_order o
        left join erp.shipment s on s.order_id = o.id and s.status <> 'cancelled'
        left join erp.sales_order_line l on l.order_id = o.id and l.quantity_shipped > 0
       where o.status = 'credit-blocked' and (s.id is not null or l.id is not null)`,
  },
];

/**
 * Verifies the ERP's invariants on the database: stock equals its ledger, reservations equal
 * what is reserved, nothing is over-reserved, every journal entry balances, the ledger's AR
 * and Inventory equal their subledgers, a cancelled order holds no stock and a credit-blocked
 * one has shipped nothing. Reads one consistent snapshot.
 */
@Injectable()
export class InvariantCheckerService {
  constructor(private readonly em: EntityManager) {}

  get names(): string[] {
    return invariants.map((i) => i.name);
  }

  /** Checks in `em` when given (e.g. inside a test's transaction), else in a fresh snapshot. */
  async check(em?: EntityManager): Promise<InvariantViolation[]> {
    if (em) return this.run(em);
    return this.em.fork().transactional((tx) => this.run(tx), {
      isolationLevel: IsolationLevel.REPEATABLE_READ,
    });
  }

  private async run(em: EntityManager): Promise<InvariantViolation[]> {
    const violations: InvariantViolation[] = [];
    for (const invariant of invariants) {
      const rows = await em.execute<Record<string, unknown>[]>(
        `${invariant.sql} limit ${MAX_ROWS}`,
      );
      if (rows.length > 0) {
        violations.push({ invariant: invariant.name, message: invariant.message, rows });
      }
    }
    return violations;
  }
}

/** A report for people: one line per broken invariant and its rows. */
export function formatViolations(violations: InvariantViolation[]): string {
  return violations
    .map(
      (v) =>
        `✗ ${v.invariant}: ${v.message}\n` +
        v.rows.map((row) => `    ${JSON.stringify(row)}`).join('\n'),
    )
    .join('\n');
}
