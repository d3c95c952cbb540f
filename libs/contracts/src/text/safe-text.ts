import { z } from 'zod';

/**
 * Text that every system downstream can store. PostgreSQL refuses NUL in text outright (the
 * write fails, and an activity would retry it for ever), and the other control characters,
 * unpaired surrogates and the noncharacters U+FFFE/U+FFFF are never meant as text; so they are
 * refused where text enters: the API, the CRM and ERP REST services, and every activity.
 *
 * - `single-line` (names, companies, references, skus, address lines): no control character at
 *   all, no line or paragraph separator.
 * - `free-text` (comments, reasons, descriptions, symptoms, notes): tab, line feed and carriage
 *   return are allowed, nothing else.
 */
export type TextKind = 'single-line' | 'free-text';

/** The code of a refusal by this rule where it has no field list (activities: a non-retryable failure's type). */
export const INVALID_TEXT_CODE = 'invalid-text';

// Without the `u` flag the expressions see UTF-16 code units, so an unpaired surrogate matches.
const LONE_SURROGATE =
  '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const FREE_TEXT_REFUSED = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]|${LONE_SURROGATE}`,
);
const SINGLE_LINE_REFUSED = new RegExp(
  `[\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uFFFE\\uFFFF]|${LONE_SURROGATE}`,
);

function codePoint(unit: string): string {
  return `U+${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why the text may not be stored as `kind` (a sentence naming the character), or undefined when it may. */
export function textRefusal(text: string, kind: TextKind): string | undefined {
  const found = (kind === 'single-line' ? SINGLE_LINE_REFUSED : FREE_TEXT_REFUSED).exec(text);
  if (!found) return undefined;
  const what = codePoint(found[0]);
  const at = `at position ${found.index}`;
  if (/^[\uD800-\uDFFF]$/.test(found[0])) return `contains an unpaired surrogate (${what}) ${at}`;
  if (kind === 'single-line' && /^[\t\n\r\u2028\u2029]$/.test(found[0])) {
    return `must be a single line: contains a line break or tab (${what}) ${at}`;
  }
  return `contains a control character (${what}) ${at}; text may not contain control characters`;
}

/** A problem found by {@link unsafeTextIn}: where (object keys and array indexes) and why. */
export interface TextFinding {
  path: (string | number)[];
  message: string;
}

/**
 * Every string in a JSON-like value (object keys included) that may not be stored as `kind`,
 * with its path; for values without a schema of their own (a task's `data`, an activity's
 * arguments). Stops after `limit` findings.
 */
export function unsafeTextIn(
  value: unknown,
  kind: TextKind = 'free-text',
  limit = 20,
): TextFinding[] {
  const findings: TextFinding[] = [];
  const seen = new Set<object>();
  const visit = (current: unknown, path: (string | number)[]): void => {
    if (findings.length >= limit) return;
    if (typeof current === 'string') {
      const message = textRefusal(current, kind);
      if (message) findings.push({ path, message });
      return;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) return;
    seen.add(current);
    if (Array.isArray(current)) {
      current.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, item] of Object.entries(current)) {
      const keyMessage = textRefusal(key, 'single-line');
      if (keyMessage) findings.push({ path: [...path, key], message: `its name ${keyMessage}` });
      visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return findings;
}

function refuseUnsafe(kind: TextKind) {
  return (value: string, ctx: z.RefinementCtx<string>): void => {
    const message = textRefusal(value, kind);
    if (message) ctx.addIssue({ code: 'custom', message, params: { code: INVALID_TEXT_CODE } });
  };
}

/** Whether a zod issue is this rule's refusal (its params carry {@link INVALID_TEXT_CODE}). */
export function isTextRefusal(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'custom' && issue.params?.code === INVALID_TEXT_CODE;
}

/** Adds the rule to any string schema (e.g. one with its own regex or transform). */
export function storableText<S extends z.ZodString>(schema: S, kind: TextKind): S {
  return schema.superRefine(refuseUnsafe(kind)) as S;
}

function trimmed(max: number, min: number): z.ZodString {
  const schema = z.string().trim();
  return (min > 0 ? schema.min(min) : schema).max(max);
}

/** One line of text, trimmed, `min` to `max` long: names, companies, references, skus, address lines. */
export function singleLineText(max: number, min = 1): z.ZodString {
  return storableText(trimmed(max, min), 'single-line');
}

/** Text people write, trimmed; tab and line breaks allowed: comments, reasons, descriptions. */
export function freeText(max: number, min = 1): z.ZodString {
  return storableText(trimmed(max, min), 'free-text');
}

/** Any JSON value whose strings (and object keys) are storable free text, e.g. a task's `data`. */
export function storableJson(): z.ZodUnknown {
  return z.unknown().superRefine((value, ctx) => {
    for (const finding of unsafeTextIn(value)) {
      ctx.addIssue({
        code: 'custom',
        path: finding.path,
        message: finding.message,
        params: { code: INVALID_TEXT_CODE },
      });
    }
  });
}
