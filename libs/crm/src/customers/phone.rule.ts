/**
 * A phone number as the customer 360 compares it: its digits, with the leading `+` of an
 * international number kept, so `+49 (30) 123-45` finds `+49 30 12345` but not `49 30 12345`.
 */
export function normalizedPhone(phone: string): string {
  return `${phone.trimStart().startsWith('+') ? '+' : ''}${phone.replace(/\D/g, '')}`;
}

/** Fewer digits than this identify no one: a lookup by them is refused. */
export const MIN_PHONE_DIGITS = 5;

/** Whether a number has enough digits to look a customer up by. */
export function isLookupPhone(phone: string): boolean {
  return phone.replace(/\D/g, '').length >= MIN_PHONE_DIGITS;
}

/** The same normalization in SQL, for a column or expression holding a phone number. */
export function normalizedPhoneSql(column: string): string {
  return `(case when ltrim(coalesce(${column}, '')) like '+%' then '+' else '' end || regexp_replace(coalesce(${column}, ''), '\\D', '', 'g'))`;
}
