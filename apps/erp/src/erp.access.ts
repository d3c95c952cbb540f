import type { Role } from '@throughline/contracts';

// Who may do what on the ERP's REST API (docs/security.md). Reads of customers, the catalog,
// stock and documents are open to every authenticated role; every write is an administrator's
// (the processes write through their activities); admin may do everything.

/** The general ledger and the invariant check. */
export const ledgerReaders: Role[] = ['finance', 'ops', 'auditor'];

/** The audit trail of administrative changes. */
export const changeReaders: Role[] = ['auditor', 'finance', 'ops'];
