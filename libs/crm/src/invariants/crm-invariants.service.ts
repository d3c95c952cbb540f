import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

export interface InvariantViolation {
  invariant: string;
  detail: string;
}

interface Check {
  invariant: string;
  sql: string;
  describe: (row: Record<string, unknown>) => string;
}

/**
 * The CRM's invariants, checked on the data as it is (tests run it after every suite, ops with
 * `npm run check:crm`). Each check is a query that returns the offending rows.
 */
const checks: Check[] = [
  {
    invariant: 'one account per customerNo',
    sql: `select customer_no, count(*)::int as n from crm.account group by customer_no having count(*) > 1`,
    describe: (r) => `customerNo ${String(r.customer_no)} has ${String(r.n)} accounts`,
  },
  {
    invariant: 'customerNo well-formed',
    sql: `select customer_no from crm.account where customer_no !~ '^C-[0-9]{6,}$'`,
    describe: (r) => `customerNo ${String(r.customer_no)} is not C-nnnnnn`,
  },
  {
    invariant: 'one open lead per email that no process owns',
    sql: `select email, count(*)::int as n from crm.lead where status in ('new', 'qualified') and owner_process_id is null group by email having count(*) > 1`,
    describe: (r) => `${String(r.email)} has ${String(r.n)} open leads no process owns`,
  },
  {
    invariant: 'one open lead per email per owning process',
    sql: `select email, owner_process_id, count(*)::int as n from crm.lead
           where status in ('new', 'qualified') and owner_process_id is not null
           group by email, owner_process_id having count(*) > 1`,
    describe: (r) =>
      `process ${String(r.owner_process_id)} owns ${String(r.n)} open leads of ${String(r.email)}`,
  },
  {
    // A process writes the timeline of its steps with its id (children: `<id>/shipment/…`), and
    // the steps name their opportunity or quote; all of them must be the lead owner's.
    invariant:
      "an opportunity and its quotes are worked only by the process that owns the opportunity's lead",
    sql: `select l.lead_no, l.owner_process_id, o.opportunity_no, t.source_key, t.process_id
            from crm.timeline_entry t
            join crm.opportunity o on o.opportunity_no = t.details->>'opportunityNo'
                 or o.id = (select q.opportunity_id from crm.quote q where q.quote_no = t.details->>'quoteNo')
            join crm.lead l on l.id = o.source_lead_id
           where t.process_id is not null and l.owner_process_id is not null
             and split_part(t.process_id, '/', 1) <> l.owner_process_id`,
    describe: (r) =>
      `opportunity ${String(r.opportunity_no)} (lead ${String(r.lead_no)} owned by ${String(r.owner_process_id)}) has step ${String(r.source_key)} of process ${String(r.process_id)}`,
  },
  {
    invariant: 'a converted lead points at its account, contact and opportunity',
    sql: `select l.lead_no from crm.lead l
           where l.status = 'converted' and (
             l.account_id is null or l.contact_id is null or l.opportunity_id is null
             or not exists (select 1 from crm.opportunity o where o.id = l.opportunity_id and o.source_lead_id = l.id and o.account_id = l.account_id))`,
    describe: (r) => `lead ${String(r.lead_no)} is converted but its records do not match`,
  },
  {
    invariant: 'quote lines add up',
    sql: `select q.quote_no, ql.line_no from crm.quote_line ql join crm.quote q on q.id = ql.quote_id
           where ql.gross_minor <> ql.quantity * ql.unit_price_minor
              or ql.net_minor <> ql.gross_minor - ql.discount_minor
              or ql.total_minor <> ql.net_minor + ql.tax_minor`,
    describe: (r) => `quote ${String(r.quote_no)} line ${String(r.line_no)} does not add up`,
  },
  {
    invariant: 'quote totals equal their lines',
    sql: `select q.quote_no from crm.quote q
            left join (select quote_id, sum(gross_minor) g, sum(discount_minor) d, sum(net_minor) n,
                              sum(tax_minor) t, sum(total_minor) s, count(*) c
                         from crm.quote_line group by quote_id) l on l.quote_id = q.id
           where l.c is null or q.gross_minor <> l.g or q.discount_minor <> l.d or q.net_minor <> l.n
              or q.tax_minor <> l.t or q.total_minor <> l.s`,
    describe: (r) => `quote ${String(r.quote_no)} totals differ from the sum of its lines`,
  },
  {
    invariant: 'timeline ordered per account',
    sql: `select a.customer_no, t.position from (
            select account_id, position, recorded_at,
                   row_number() over (partition by account_id order by position) as expected,
                   lag(recorded_at) over (partition by account_id order by position) as previous
              from crm.timeline_entry) t
            join crm.account a on a.id = t.account_id
           where t.position <> t.expected or t.recorded_at < t.previous`,
    describe: (r) =>
      `timeline of ${String(r.customer_no)} is out of order at position ${String(r.position)}`,
  },
  {
    invariant: 'dealer capacity never below zero',
    sql: `select code from crm.dealer where open_capacity < 0`,
    describe: (r) => `dealer ${String(r.code)} has negative capacity`,
  },
  {
    invariant: 'an assigned case has a dealer',
    sql: `select case_no from crm.service_case where status in ('assigned', 'in-progress') and dealer_id is null`,
    describe: (r) => `case ${String(r.case_no)} is assigned to nobody`,
  },
];

@Injectable()
export class CrmInvariantsService {
  constructor(private readonly em: EntityManager) {}

  /** Every violation found; empty when the CRM's data is consistent. */
  async check(): Promise<InvariantViolation[]> {
    const violations: InvariantViolation[] = [];
    for (const check of checks) {
      // em.execute runs in the em's transaction when there is one (a test can check a rolled-back corruption).
      const rows = await this.em.execute<Record<string, unknown>[]>(check.sql);
      for (const row of rows)
        violations.push({ invariant: check.invariant, detail: check.describe(row) });
    }
    return violations;
  }
}
