import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { FieldError } from '@throughline/common';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { serviceCredentials } from '../upstream/service-credentials';

/** A SKU a process input names, with the field it came from (e.g. `lines.0.sku`). */
export interface ItemReference {
  field: string;
  sku: string;
}

/**
 * Checks the items a process would sell against the ERP's catalog (its REST API) before the
 * process starts, so an unknown, retired or service item is a 400 that changes nothing instead
 * of a process that fails half-way. It calls as the API's service account (SERVICE_API_KEY).
 */
@Injectable()
export class ErpItemsChecker {
  private readonly logger = new Logger(ErpItemsChecker.name);

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async problemsWith(references: ItemReference[]): Promise<FieldError[]> {
    const skus = [...new Set(references.map((r) => r.sku))];
    const verdicts = new Map(
      await Promise.all(skus.map(async (sku) => [sku, await this.verdict(sku)] as const)),
    );
    return references.flatMap(({ field, sku }) => {
      const message = verdicts.get(sku);
      return message ? [{ field, message }] : [];
    });
  }

  /** Why the SKU cannot be sold here, or undefined when it can. */
  private async verdict(sku: string): Promise<string | undefined> {
    let response: Response;
    try {
      response = await fetch(new URL(`/items/${encodeURIComponent(sku)}`, this.config.ERP_URL), {
        headers: serviceCredentials(this.config),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw this.unavailable();
    }
    if (response.status === 404) return `the ERP has no item ${sku}`;
    if (response.status === 401 || response.status === 403) {
      // Configuration, not an outage: say what to fix where ops look.
      this.logger.error(
        `The ERP refused the API's service credentials (${response.status}): set SERVICE_API_KEY ` +
          'to a key the ERP accepts (API_KEYS there) with the role service.',
      );
      throw this.unavailable();
    }
    if (!response.ok) throw this.unavailable();
    const item = (await response.json()) as { kind?: string; active?: boolean };
    if (item.active === false) return `item ${sku} is no longer sold`;
    if (item.kind !== 'stock')
      return `item ${sku} is a service; services are sold through service cases`;
    return undefined;
  }

  private unavailable(): ServiceUnavailableException {
    return new ServiceUnavailableException({
      code: 'erp-unavailable',
      message: 'The ERP cannot be reached to check the items; try again shortly.',
      retryAfter: 5,
    });
  }
}
