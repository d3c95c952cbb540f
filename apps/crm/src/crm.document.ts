import type { HttpAppOptions } from '@throughline/common';

/** Title and description of the CRM's OpenAPI document (GET /docs-json). */
export const crmDocument: HttpAppOptions = {
  title: 'Throughline CRM',
  description:
    'The front-office system of record: accounts, leads, opportunities, quotes, cases, dealers. ' +
    'Every endpoint but health needs an API key (Authorization: Bearer <key> or X-API-Key); ' +
    'who may do what is in docs/security.md. Errors are RFC 9457 problem+json.',
  apiKeyAuth: true,
};
