import type { HttpAppOptions } from '@throughline/common';

/** Title and description of the API's OpenAPI document. */
export const apiDocument: HttpAppOptions = {
  title: 'Throughline API',
  description:
    'Start, follow and act on business processes that run across CRM and ERP. ' +
    'Every endpoint but health needs an API key (Authorization: Bearer <key> or X-API-Key). ' +
    'Errors are RFC 9457 problem+json.',
  apiKeyAuth: true,
};
