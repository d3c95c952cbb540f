import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { FieldError } from '@throughline/common';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { serviceCredentials } from '../upstream/service-credentials';

/** A CRM record a process input names (a customer, an asset), with the field it came from. */
export interface CrmReference {
  field: string;
  kind: 'customer' | 'asset';
  id: string;
}

const paths: Record<CrmReference['kind'], string> = {
  customer: '/accounts/',
  asset: '/assets/',
};

/**
 * Checks the customer and asset a process names against the CRM (its REST API, as the API's
 * service account) before the process starts: an unknown customer, an unknown asset, or an
 * asset of another customer is a 400 that starts nothing.
 */
@Injectable()
export class CrmRefsChecker {
  private readonly logger = new Logger(CrmRefsChecker.name);

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async problemsWith(references: CrmReference[]): Promise<FieldError[]> {
    const found = await Promise.all(
      references.map(async (reference) => ({ reference, record: await this.read(reference) })),
    );
    const problems: FieldError[] = [];
    for (const { reference, record } of found) {
      if (!record)
        problems.push({
          field: reference.field,
          message: `the CRM has no ${reference.kind} ${reference.id}`,
        });
    }
    // A customer and an asset both named: the asset must be that customer's.
    const customer = found.find((f) => f.reference.kind === 'customer' && f.record);
    const asset = found.find((f) => f.reference.kind === 'asset' && f.record);
    if (customer && asset && asset.record?.customerNo !== customer.reference.id) {
      problems.push({
        field: asset.reference.field,
        message: `asset ${asset.reference.id} does not belong to customer ${customer.reference.id}`,
      });
    }
    return problems;
  }

  /** The record (with its customerNo), or undefined when the CRM does not know it. */
  private async read(reference: CrmReference): Promise<{ customerNo?: string } | undefined> {
    let response: Response;
    try {
      response = await fetch(
        new URL(`${paths[reference.kind]}${encodeURIComponent(reference.id)}`, this.config.CRM_URL),
        { headers: serviceCredentials(this.config), signal: AbortSignal.timeout(5000) },
      );
    } catch {
      throw this.unavailable();
    }
    if (response.status === 404 || response.status === 400) return undefined;
    if (response.status === 401 || response.status === 403) {
      this.logger.error(
        `The CRM refused the API's service credentials (${response.status}): set SERVICE_API_KEY ` +
          'to a key the CRM accepts (API_KEYS there) with the role service.',
      );
      throw this.unavailable();
    }
    if (!response.ok) throw this.unavailable();
    return (await response.json()) as { customerNo?: string };
  }

  private unavailable(): ServiceUnavailableException {
    return new ServiceUnavailableException({
      code: 'crm-unavailable',
      message: 'The CRM cannot be reached to check the customer and asset; try again shortly.',
      retryAfter: 5,
    });
  }
}
