import { Client, type ClientBase, Pool } from 'pg';

/**
 * Invariants that span both systems of record: what the CRM says about a customer, a quote, an
 * opportunity or an asset must agree with what the ERP did about it, and no document may be
 * worked by two processes. The CRM and ERP checkers (`npm run check:crm`, `check:erp`) each
 * look inside one schema; this one reads both, read-only, through one PostgreSQL connection (an
 * ops check, not a path for data between the systems: neither system imports the other).
 *
 * Each check is one query returning the offending rows; each row becomes a violation that names
 * the documents involved.
 */
export interface CrossSystemViolation {
  invariant: string;
  /** For people: the documents and what differs. */
  detail: string;
  /** The offending row as the query returned it. */
  row: Record<string, unknown>;
}

export interface CrossSystemCheckOptions {
  /** Check only the documents of these customers (e.g. a test's own); every customer when unset. */
  customerNos?: readonly string[];
  /**
   * Eventually consistent pairs (credit hold mirrored to CRM, delivered serials registered as
   * assets, a won opportunity whose order a saga is cancelling) are only reported once both
   * sides have been unchanged for this long, so a process between two steps is not a
   * violation. 0 (the default) reports every difference.
   */
  settleMs?: number;
  /** The schemas to read (a test may check a copy of its own); `crm` and `erp` by default. */
  schemas?: { crm: string; erp: string };
}

/** The ERP chart of accounts' Accounts Receivable (libs/erp ledger/chart-of-accounts.ts). */
const accountsReceivable = '1100';

interface Check {
  invariant: string;
  /**
   * The query after `with p as (…)` (which only types the parameters: $1 the customerNos or
   * null, $2 the settle time in ms): its own CTEs, each starting with a comma, and a select.
   */
  sql: (s: { crm: string; erp: string }) => string;
  describe: (row: Record<string, unknown>) => string;
}

/** True when `column` belongs to a customer in scope ($1, every customer when null). */
const inScope = (column: string): string => `($1::text[] is null or ${column} = any($1::text[]))`;

/** True when `timestamp` is older than the settle time ($2 ms; always when it is 0). */
const settled = (timestamp: string): string =>
  `($2::double precision = 0 or ${timestamp} < now() - $2::double precision * interval '1 millisecond')`;

const text = (value: unknown): string =>
  value === null || value === undefined ? '–' : String(value);

const checks: Check[] = [
  {
    invariant: 'an accepted quote equals its ERP order (lines and totals)',
    sql: ({ crm, erp }) => `,
      pairs as (
        select q.id as quote_id, q.quote_no, a.customer_no as quote_customer_no, q.currency as quote_currency,
               q.tax_rate_basis_points as quote_tax_rate_bp, q.net_minor as quote_net, q.tax_minor as quote_tax,
               q.total_minor as quote_total, o.id as order_id, o.order_no, o.customer_no as order_customer_no,
               o.currency as order_currency, o.tax_rate_bp as order_tax_rate_bp, o.net_minor as order_net,
               o.tax_minor as order_tax, o.gross_minor as order_gross
          from ${crm}.quote q
          join ${crm}.account a on a.id = q.account_id
          join ${erp}.sales_order o on o.quote_ref = q.quote_no
         where q.status = 'accepted' and ${inScope('a.customer_no')}),
      differences as (
        select quote_no, order_no, null::int as line_no, concat_ws('; ',
                 case when quote_customer_no <> order_customer_no then 'customer ' || quote_customer_no || ' vs ' || order_customer_no end,
                 case when quote_currency <> order_currency then 'currency ' || quote_currency || ' vs ' || order_currency end,
                 case when quote_tax_rate_bp <> order_tax_rate_bp then 'tax rate ' || quote_tax_rate_bp || ' vs ' || order_tax_rate_bp || ' bp' end,
                 case when quote_net <> order_net then 'net ' || quote_net || ' vs ' || order_net end,
                 case when quote_tax <> order_tax then 'tax ' || quote_tax || ' vs ' || order_tax end,
                 case when quote_total <> order_gross then 'total ' || quote_total || ' vs ' || order_gross end
               ) as differences
          from pairs
        union all
        select pr.quote_no, pr.order_no, coalesce(ql.line_no, ol.line_no), concat_ws('; ',
                 case when ql.id is null then 'only on the order' end,
                 case when ol.id is null then 'only on the quote' end,
                 case when ql.id is not null and ol.id is not null then concat_ws('; ',
                   case when ql.sku <> ol.sku then 'sku ' || ql.sku || ' vs ' || ol.sku end,
                   case when ql.quantity <> ol.quantity then 'quantity ' || ql.quantity || ' vs ' || ol.quantity end,
                   case when ql.unit_price_minor <> ol.unit_price_minor then 'unit price ' || ql.unit_price_minor || ' vs ' || ol.unit_price_minor end,
                   case when ql.discount_basis_points <> ol.discount_bp then 'discount ' || ql.discount_basis_points || ' vs ' || ol.discount_bp || ' bp' end,
                   case when ql.net_minor <> ol.net_minor then 'net ' || ql.net_minor || ' vs ' || ol.net_minor end,
                   case when ql.tax_minor <> ol.tax_minor then 'tax ' || ql.tax_minor || ' vs ' || ol.tax_minor end,
                   case when ql.total_minor <> ol.net_minor + ol.tax_minor then 'total ' || ql.total_minor || ' vs ' || (ol.net_minor + ol.tax_minor) end
                 ) end
               )
          from pairs pr
          cross join lateral (
            select ql.id as quote_line_id, ol.id as order_line_id
              from (select id, line_no from ${crm}.quote_line where quote_id = pr.quote_id) ql
              full outer join (select id, line_no from ${erp}.sales_order_line where order_id = pr.order_id) ol
                on ol.line_no = ql.line_no
          ) matched
          left join ${crm}.quote_line ql on ql.id = matched.quote_line_id
          left join ${erp}.sales_order_line ol on ol.id = matched.order_line_id)
      select * from differences where differences <> '' order by quote_no, line_no nulls first`,
    describe: (r) =>
      `quote ${text(r.quote_no)} / order ${text(r.order_no)}${r.line_no === null ? '' : ` line ${text(r.line_no)}`}: ${text(r.differences)}`,
  },
  {
    invariant: 'at most one ERP order per quote',
    sql: ({ erp }) => `
      select quote_ref as quote_no, count(*)::int as orders,
             string_agg(order_no || ' (' || status || ')', ', ' order by order_no) as order_nos
        from ${erp}.sales_order
       where quote_ref is not null and ${inScope('customer_no')}
       group by quote_ref having count(*) > 1`,
    describe: (r) => `quote ${text(r.quote_no)} has ${text(r.orders)} orders: ${text(r.order_nos)}`,
  },
  {
    invariant: 'an ERP order comes from an accepted quote',
    sql: ({ crm, erp }) => `
      select o.order_no, q.quote_no, q.status as quote_status
        from ${erp}.sales_order o join ${crm}.quote q on q.quote_no = o.quote_ref
       where q.status <> 'accepted' and ${inScope('o.customer_no')}`,
    describe: (r) =>
      `order ${text(r.order_no)} was made from quote ${text(r.quote_no)}, which is ${text(r.quote_status)}`,
  },
  {
    invariant: 'no lead, opportunity, quote or order belongs to two processes',
    // A process records its id on the timeline entries of its steps (children as
    // `<id>/shipment/…`), which name their documents; a lead's owner is the process that
    // captured it, and owns the opportunity, quotes and order that came from it.
    sql: ({ crm, erp }) => `,
      refs as (
        select v.kind, v.no, split_part(t.process_id, '/', 1) as process_id, 'timeline ' || t.source_key as evidence
          from ${crm}.timeline_entry t
          join ${crm}.account a on a.id = t.account_id
          cross join lateral (values ('lead', t.details->>'leadNo'), ('opportunity', t.details->>'opportunityNo'),
                                     ('quote', t.details->>'quoteNo'), ('order', t.details->>'orderNo')) v(kind, no)
         where t.process_id is not null and v.no is not null and ${inScope('a.customer_no')}
        union all
        select 'lead', l.lead_no, l.owner_process_id, 'owner of lead ' || l.lead_no
          from ${crm}.lead l left join ${crm}.account a on a.id = l.account_id
         where l.owner_process_id is not null and ${inScope('a.customer_no')}
        union all
        select 'opportunity', o.opportunity_no, l.owner_process_id, 'owner of lead ' || l.lead_no
          from ${crm}.opportunity o
          join ${crm}.lead l on l.id = o.source_lead_id
          join ${crm}.account a on a.id = o.account_id
         where l.owner_process_id is not null and ${inScope('a.customer_no')}
        union all
        select 'quote', q.quote_no, l.owner_process_id, 'owner of lead ' || l.lead_no
          from ${crm}.quote q
          join ${crm}.opportunity o on o.id = q.opportunity_id
          join ${crm}.lead l on l.id = o.source_lead_id
          join ${crm}.account a on a.id = q.account_id
         where l.owner_process_id is not null and ${inScope('a.customer_no')}
        union all
        select 'order', so.order_no, l.owner_process_id, 'owner of lead ' || l.lead_no || ' (quote ' || q.quote_no || ')'
          from ${erp}.sales_order so
          join ${crm}.quote q on q.quote_no = so.quote_ref
          join ${crm}.opportunity o on o.id = q.opportunity_id
          join ${crm}.lead l on l.id = o.source_lead_id
         where l.owner_process_id is not null and ${inScope('so.customer_no')})
      select kind, no, string_agg(distinct process_id, ', ') as processes,
             string_agg(distinct evidence, ', ') as evidence
        from refs group by kind, no having count(distinct process_id) > 1`,
    describe: (r) =>
      `${text(r.kind)} ${text(r.no)} belongs to processes ${text(r.processes)} (${text(r.evidence)})`,
  },
  {
    invariant: 'a CRM account and its ERP customer agree on customerNo, name and credit hold',
    sql: ({ crm, erp }) => `
      select * from (
        select a.customer_no, c.customer_no as erp_customer_no, concat_ws('; ',
                 case when c.customer_no <> a.customer_no then 'customerNo ' || a.customer_no || ' vs ' || c.customer_no end,
                 case when a.name <> c.legal_name and ${settled('greatest(a.updated_at, c.updated_at)')}
                      then 'name "' || a.name || '" vs "' || c.legal_name || '"' end,
                 case when a.credit_hold <> c.credit_hold and ${settled('greatest(a.updated_at, c.updated_at)')}
                      then 'credit hold ' || a.credit_hold || ' vs ' || c.credit_hold end
               ) as differences
          from ${crm}.account a
          join ${erp}.customer c on c.id = a.erp_customer_id or (a.erp_customer_id is null and c.customer_no = a.customer_no)
         where ${inScope('a.customer_no')}
        union all
        select a.customer_no, null, 'linked to ERP customer ' || a.erp_customer_id || ', which does not exist'
          from ${crm}.account a
         where a.erp_customer_id is not null and ${inScope('a.customer_no')}
           and not exists (select 1 from ${erp}.customer c where c.id = a.erp_customer_id)
      ) d where differences <> ''`,
    describe: (r) =>
      `account ${text(r.customer_no)} / ERP customer ${text(r.erp_customer_no)}: ${text(r.differences)}`,
  },
  {
    invariant: 'a won opportunity has a live ERP order of its customer',
    sql: ({ crm, erp }) => `
      select o.opportunity_no, o.erp_order_no, a.customer_no, so.status as order_status,
             so.customer_no as order_customer_no,
             case when o.erp_order_no is null then 'names no order'
                  when so.id is null then 'names order ' || o.erp_order_no || ', which the ERP does not have'
                  when so.status = 'cancelled' then 'order ' || so.order_no || ' is cancelled'
                  else 'order ' || so.order_no || ' is for ' || so.customer_no || ', not ' || a.customer_no end as problem
        from ${crm}.opportunity o
        join ${crm}.account a on a.id = o.account_id
        left join ${erp}.sales_order so on so.order_no = o.erp_order_no
       where o.stage = 'won' and ${inScope('a.customer_no')}
         and (o.erp_order_no is null or so.id is null or so.customer_no <> a.customer_no
              or (so.status = 'cancelled' and ${settled('greatest(so.updated_at, o.updated_at)')}))`,
    describe: (r) => `won opportunity ${text(r.opportunity_no)}: ${text(r.problem)}`,
  },
  {
    invariant: "a customer's CRM assets are the serials of its delivered ERP shipments",
    sql: ({ crm, erp }) => `,
      delivered as (
        select serial.value as serial_no, sl.sku, s.shipment_no, s.customer_no,
               coalesce(s.delivered_at, s.updated_at) as delivered_at
          from ${erp}.shipment s
          join ${erp}.shipment_line sl on sl.shipment_id = s.id
          cross join lateral jsonb_array_elements_text(sl.serial_numbers) as serial(value)
         where s.status = 'delivered' and ${inScope('s.customer_no')}),
      assets as (
        select x.serial_no, x.sku, x.shipment_no, a.customer_no
          from ${crm}.asset x join ${crm}.account a on a.id = x.account_id
         where ${inScope('a.customer_no')})
      select coalesce(d.serial_no, x.serial_no) as serial_no, d.shipment_no, d.customer_no as erp_customer_no,
             d.sku as erp_sku, x.customer_no as crm_customer_no, x.sku as crm_sku,
             case when x.serial_no is null then 'delivered on ' || d.shipment_no || ' to ' || d.customer_no || ' but no CRM asset'
                  when d.serial_no is null then 'CRM asset of ' || x.customer_no || ' (shipment ' || coalesce(x.shipment_no, '–') || ') on no delivered ERP shipment'
                  else 'ERP ' || d.customer_no || ' ' || d.sku || ' vs CRM ' || x.customer_no || ' ' || x.sku end as problem
        from delivered d full outer join assets x on x.serial_no = d.serial_no
       where (x.serial_no is null and ${settled('d.delivered_at')})
          or d.serial_no is null or d.customer_no <> x.customer_no or d.sku <> x.sku`,
    describe: (r) => `serial ${text(r.serial_no)}: ${text(r.problem)}`,
  },
  {
    invariant: 'ERP order and invoice totals equal the sum of their lines',
    sql: ({ erp }) => `
      select 'order' as document, o.order_no as no, o.net_minor, o.tax_minor, o.gross_minor,
             coalesce(l.net, 0) as lines_net, coalesce(l.tax, 0) as lines_tax
        from ${erp}.sales_order o
        left join (select order_id, sum(net_minor) as net, sum(tax_minor) as tax
                     from ${erp}.sales_order_line group by order_id) l on l.order_id = o.id
       where ${inScope('o.customer_no')}
         and (o.net_minor <> coalesce(l.net, 0) or o.tax_minor <> coalesce(l.tax, 0) or o.gross_minor <> o.net_minor + o.tax_minor)
      union all
      select 'invoice', i.invoice_no, i.net_minor, i.tax_minor, i.gross_minor, coalesce(l.net, 0), coalesce(l.tax, 0)
        from ${erp}.invoice i
        left join (select invoice_id, sum(net_minor) as net, sum(tax_minor) as tax
                     from ${erp}.invoice_line group by invoice_id) l on l.invoice_id = i.id
       where ${inScope('i.customer_no')}
         and (i.net_minor <> coalesce(l.net, 0) or i.tax_minor <> coalesce(l.tax, 0) or i.gross_minor <> i.net_minor + i.tax_minor)`,
    describe: (r) =>
      `${text(r.document)} ${text(r.no)}: net ${text(r.net_minor)} tax ${text(r.tax_minor)} gross ${text(r.gross_minor)}, lines net ${text(r.lines_net)} tax ${text(r.lines_tax)}`,
  },
  {
    invariant: 'per order line: invoiced ≤ shipped ≤ ordered',
    sql: ({ erp }) => `
      select o.order_no, l.line_no, l.sku, l.quantity as ordered, coalesce(sh.quantity, 0)::int as shipped,
             coalesce(inv.quantity, 0)::int as invoiced
        from ${erp}.sales_order_line l
        join ${erp}.sales_order o on o.id = l.order_id
        left join (select sl.order_line_id, sum(sl.quantity) as quantity
                     from ${erp}.shipment_line sl join ${erp}.shipment s on s.id = sl.shipment_id
                    where s.status in ('shipped', 'delivered') group by sl.order_line_id) sh on sh.order_line_id = l.id
        left join (select il.order_line_id, sum(il.quantity) as quantity
                     from ${erp}.invoice_line il join ${erp}.invoice i on i.id = il.invoice_id
                    where i.status <> 'void' and il.order_line_id is not null group by il.order_line_id) inv on inv.order_line_id = l.id
       where ${inScope('o.customer_no')}
         and (coalesce(inv.quantity, 0) > coalesce(sh.quantity, 0) or coalesce(sh.quantity, 0) > l.quantity)`,
    describe: (r) =>
      `order ${text(r.order_no)} line ${text(r.line_no)} (${text(r.sku)}): ordered ${text(r.ordered)}, shipped ${text(r.shipped)}, invoiced ${text(r.invoiced)}`,
  },
  {
    invariant:
      "a customer's AR in the ledger equals its open invoice amounts less allocated payments",
    // Every AR posting names its source document (invoice, payment, credit note; a reversal
    // keeps its original's), and each of those belongs to one customer.
    sql: ({ erp }) => `,
      ledger as (
        select coalesce(i.customer_no, pm.customer_no, cn.customer_no) as customer_no,
               sum(jl.debit_minor - jl.credit_minor) as balance
          from ${erp}.journal_line jl
          join ${erp}.journal_entry je on je.id = jl.entry_id
          left join ${erp}.invoice i on je.source_type = 'invoice' and i.invoice_no = je.source_no
          left join ${erp}.payment pm on je.source_type = 'payment' and pm.payment_no = je.source_no
          left join ${erp}.credit_note cn on je.source_type = 'credit-note' and cn.credit_note_no = je.source_no
         where jl.account_code = '${accountsReceivable}'
         group by 1),
      invoices as (
        select i.customer_no, sum(i.gross_minor - i.credited_minor) as open_amounts,
               sum(coalesce(al.allocated, 0)) as allocated, sum(i.gross_minor - i.paid_minor - i.credited_minor) as balances
          from ${erp}.invoice i
          left join (select invoice_id, sum(amount_minor) as allocated
                       from ${erp}.payment_allocation group by invoice_id) al on al.invoice_id = i.id
         group by i.customer_no)
      select * from (
        select coalesce(l.customer_no, i.customer_no) as customer_no, coalesce(l.balance, 0) as ledger_ar,
               coalesce(i.open_amounts, 0) - coalesce(i.allocated, 0) as open_less_allocated,
               coalesce(i.balances, 0) as invoice_balances
          from ledger l full outer join invoices i on i.customer_no = l.customer_no) ar
       where (customer_no is null or ${inScope('customer_no')})
         and (ledger_ar <> open_less_allocated or invoice_balances <> open_less_allocated)`,
    describe: (r) =>
      `customer ${r.customer_no === null ? '(AR posted from no known document)' : text(r.customer_no)}: ledger AR ${text(r.ledger_ar)}, open invoices less allocated payments ${text(r.open_less_allocated)}, invoice balances ${text(r.invoice_balances)}`,
  },
];

/** The names of the checks, in the order they run. */
export const crossSystemInvariantNames: readonly string[] = checks.map((c) => c.invariant);

const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * Runs every cross-system check and returns the violations (empty when CRM and ERP agree).
 * Given a URL or a pool, it reads one consistent snapshot (a read-only repeatable-read
 * transaction on one connection); given a client, it reads in whatever transaction that client
 * is in, so a test can check rows it has not committed.
 */
export async function checkCrossSystemInvariants(
  db: string | Pool | ClientBase,
  options: CrossSystemCheckOptions = {},
): Promise<CrossSystemViolation[]> {
  const schemas = options.schemas ?? { crm: 'crm', erp: 'erp' };
  for (const schema of [schemas.crm, schemas.erp]) {
    if (!identifier.test(schema)) throw new Error(`not a schema name: ${schema}`);
  }
  const params = [options.customerNos ? [...options.customerNos] : null, options.settleMs ?? 0];
  const run = async (client: ClientBase): Promise<CrossSystemViolation[]> => {
    const violations: CrossSystemViolation[] = [];
    for (const check of checks) {
      const body = check.sql(schemas);
      const sql = `with p as (select $1::text[] as nos, $2::double precision as settle_ms)${
        body.trimStart().startsWith(',') ? '' : ' '
      }${body}`;
      const { rows } = await client.query<Record<string, unknown>>(sql, params);
      for (const row of rows) {
        violations.push({ invariant: check.invariant, detail: check.describe(row), row });
      }
    }
    return violations;
  };
  if (typeof db !== 'string' && !(db instanceof Pool)) return run(db);

  const snapshot = async (client: ClientBase): Promise<CrossSystemViolation[]> => {
    await client.query('begin transaction isolation level repeatable read read only');
    try {
      return await run(client);
    } finally {
      await client.query('rollback');
    }
  };
  if (db instanceof Pool) {
    const client = await db.connect();
    try {
      return await snapshot(client);
    } finally {
      client.release();
    }
  }
  const client = new Client({ connectionString: db });
  await client.connect();
  try {
    return await snapshot(client);
  } finally {
    await client.end();
  }
}

/** A report for people: one line per violation, grouped by invariant. */
export function formatCrossSystemViolations(violations: CrossSystemViolation[]): string {
  const byInvariant = new Map<string, string[]>();
  for (const v of violations) {
    byInvariant.set(v.invariant, [...(byInvariant.get(v.invariant) ?? []), v.detail]);
  }
  return [...byInvariant]
    .map(([invariant, details]) => `✗ ${invariant}\n${details.map((d) => `    ${d}`).join('\n')}`)
    .join('\n');
}
