import { Inject, Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { serviceCredentials } from './service-credentials';

export type SystemOfRecord = 'crm' | 'erp';

/** Why a system gave no answer to use: it does not know the record, or could not answer. */
export type MissingReason = 'not-found' | 'unavailable' | 'timeout';

/** What one read of a system of record came to. */
export type UpstreamRead<T> = { found: true; body: T } | { found: false; reason: MissingReason };

const systemNames: Record<SystemOfRecord, string> = { crm: 'CRM', erp: 'ERP' };

/**
 * GET requests to the CRM and ERP REST APIs as the API's service account (SERVICE_API_KEY), each
 * within CUSTOMER_360_TIMEOUT_MS, that never throw: the answer, `not-found` (404), `timeout`, or
 * `unavailable` (unreachable, an error status, refused credentials, an answer of another shape).
 * Nothing of the request's path or query (which may hold an e-mail or phone number) is logged.
 */
@Injectable()
export class UpstreamReader {
  private readonly logger = new Logger(UpstreamReader.name);

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async get<S extends z.ZodType>(
    system: SystemOfRecord,
    path: string,
    schema: S,
  ): Promise<UpstreamRead<z.infer<S>>> {
    const base = system === 'crm' ? this.config.CRM_URL : this.config.ERP_URL;
    const signal = AbortSignal.timeout(this.config.CUSTOMER_360_TIMEOUT_MS);
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(new URL(path, base), {
        headers: { accept: 'application/json', ...serviceCredentials(this.config) },
        signal,
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return { found: false, reason: 'not-found' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return this.unavailable(system, response.status);
      }
      body = await response.json();
    } catch (error) {
      if (signal.aborted) return { found: false, reason: 'timeout' };
      this.logger.warn(
        `The ${systemNames[system]} cannot be reached (${error instanceof Error ? error.name : 'error'})`,
      );
      return { found: false, reason: 'unavailable' };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      this.logger.error(
        `The ${systemNames[system]} answered in a shape the API does not know (${parsed.error.issues
          .slice(0, 3)
          .map((issue) => issue.path.join('.') || '(body)')
          .join(', ')})`,
      );
      return { found: false, reason: 'unavailable' };
    }
    return { found: true, body: parsed.data };
  }

  private unavailable(system: SystemOfRecord, status: number): UpstreamRead<never> {
    if (status === 401 || status === 403) {
      // Configuration, not an outage: say what to fix where ops look.
      this.logger.error(
        `The ${systemNames[system]} refused the API's service credentials (${status}): set ` +
          `SERVICE_API_KEY to a key the ${systemNames[system]} accepts (API_KEYS there) with the role service.`,
      );
    } else {
      this.logger.warn(`The ${systemNames[system]} answered ${status}`);
    }
    return { found: false, reason: 'unavailable' };
  }
}
