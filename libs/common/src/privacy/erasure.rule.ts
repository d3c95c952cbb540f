/**
 * What a customer's personal data becomes when the customer is erased (the right to be
 * forgotten): the same rules in CRM and ERP, so both systems call an erased customer the same
 * and keep the same kind of references. Each rule is deterministic and idempotent: applied to
 * its own output it changes nothing.
 */

/** The name an erased customer has in every system: the customerNo, nobody's name. */
export function erasedCustomerName(customerNo: string): string {
  return `Erased customer ${customerNo}`;
}

/** The domain of erased e-mail addresses; `.invalid` never resolves (RFC 2606). */
export const ERASED_EMAIL_DOMAIN = 'erased.invalid';

/**
 * A placeholder e-mail address for one erased record, e.g. `erased.lead.l-000042@erased.invalid`:
 * unique per record (`key` is its number or id), so unique constraints on e-mail addresses never
 * collide across erased customers, and it names nobody.
 */
export function erasedEmail(record: string, key: string): string {
  const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `erased.${part(record)}.${part(key)}@${ERASED_EMAIL_DOMAIN}`;
}

/** What free text that may quote a person (comments, symptoms, descriptions) becomes. */
export const ERASED_TEXT = '(erased)';

/** A machine code such as `low-score`, `credit-hold` or `primary`: lower-case words and dashes. */
export function isCode(text: string): boolean {
  return text.length <= 60 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text);
}

/** A reason stays when it is a code (`low-score`); anything people wrote becomes {@link ERASED_TEXT}. */
export function erasedReason(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null) return undefined;
  return isCode(text) ? text : ERASED_TEXT;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A document number, key or date that names no person: `SO-000123`, `C-000001`, `quote:Q-000042`,
 * `lead-to-cash:s-1f6e…`, `2026-12-01`. One word of letters, digits and `. _ : / -` that has a
 * letter, a digit and a separator (so no name, e-mail address, phone number, IBAN or postcode), or
 * an ISO date or timestamp.
 */
export function isReference(text: string): boolean {
  if (ISO_DATE.test(text)) return true;
  return (
    text.length <= 120 &&
    /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(text) &&
    /[A-Za-z]/.test(text) &&
    /\d/.test(text) &&
    /[._:/-]/.test(text)
  );
}

/** A sku-like item reference (`EB-CITY-500`, `PUMP-100`): one word, no spaces, no `@` or `+`. */
export function isItemReference(text: string): boolean {
  return text.length <= 64 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text);
}

/** Keys under which a value is personal or free text whatever it looks like. */
const PERSONAL_KEY =
  /name|e-?mail|phone|mobile|fax|address|street|line\d|city|postal|zip|contact|person|comment|reason|note|symptom|resolution|description|message|text|summary|by$/i;

const IDENTIFIER_KEY = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

/**
 * The structured part of a record's details that names no person: numbers, booleans and
 * references (see {@link isReference}) under identifier keys that are not personal; nested
 * objects and arrays are filtered the same way. Everything else (names, e-mail addresses,
 * reasons, comments) is left out.
 */
export function erasedDetails(details: Record<string, unknown>): Record<string, unknown> {
  return (keptValue(details) as Record<string, unknown> | undefined) ?? {};
}

function keptValue(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return isReference(value) ? value : undefined;
  if (Array.isArray(value)) {
    return value.map(keptValue).filter((item) => item !== undefined);
  }
  if (typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!IDENTIFIER_KEY.test(key) || PERSONAL_KEY.test(key)) continue;
      const keptItem = keptValue(item);
      if (keptItem !== undefined) kept[key] = keptItem;
    }
    return kept;
  }
  return undefined;
}

/** The references (document numbers, keys, dates) in details, in order, each once. */
export function referencesIn(details: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (isReference(value) && !found.includes(value)) found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(erasedDetails(details));
  return found;
}
