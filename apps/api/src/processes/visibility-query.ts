import { createHash } from 'node:crypto';

/** A visibility query string literal; values are validated upstream, quotes escaped all the same. */
export function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A short digest of a list's filters, binding a page token to the list it came from. */
export function filterDigest(clauses: string[]): string {
  return createHash('sha256').update(clauses.join('|')).digest('base64url').slice(0, 16);
}

/** The clause that keeps a visibility query to the workflow types of the process catalog. */
export function catalogTypesClause(catalog: readonly { workflowType: string }[]): string {
  return `WorkflowType IN (${catalog.map((d) => quoted(d.workflowType)).join(', ')})`;
}
