import type { HttpAppOptions } from '@throughline/common';

/** Title and description of the API's OpenAPI document. */
export const apiDocument: HttpAppOptions = {
  title: 'Throughline API',
  description:
    'Start, follow and act on business processes that run across CRM and ERP. ' +
    'Every endpoint but health needs an API key (Authorization: Bearer <key> or X-API-Key). ' +
    'Errors are RFC 9457 problem+json.',
  apiKeyAuth: true,
  // The Temporal UI and CLI send a history's payloads to the codec (one may be 2 MB, base64).
  bodyLimits: [{ pathPrefix: '/codec/', limitBytes: 4 * 1024 * 1024 }],
};
