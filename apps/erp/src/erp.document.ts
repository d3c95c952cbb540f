import type { HttpAppOptions } from '@throughline/common';

/** Title and description of the ERP's OpenAPI document (GET /docs-json). */
export const erpDocument: HttpAppOptions = {
  title: 'Throughline ERP',
  description:
    'The back-office system of record: customers, items, stock, orders, shipments, invoices, ' +
    'payments, ledger. Every endpoint but health needs an API key (Authorization: Bearer <key> ' +
    'or X-API-Key); who may do what is in docs/security.md. Errors are RFC 9457 problem+json.',
  apiKeyAuth: true,
};
