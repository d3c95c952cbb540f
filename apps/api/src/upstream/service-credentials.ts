import type { ApiConfig } from '../api.config';

/**
 * The headers of every call the API makes to the CRM and ERP REST APIs: its service account's
 * key (SERVICE_API_KEY) as a bearer token, when one is configured.
 */
export function serviceCredentials(
  config: Pick<ApiConfig, 'SERVICE_API_KEY'>,
): Record<string, string> {
  return config.SERVICE_API_KEY ? { authorization: `Bearer ${config.SERVICE_API_KEY}` } : {};
}
