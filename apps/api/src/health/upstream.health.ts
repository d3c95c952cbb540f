import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/**
 * Healthy when a system of record answers its liveness probe within two seconds. The probe is
 * public; it carries the API's service credentials like every call to the CRM and ERP.
 */
@Injectable()
export class UpstreamHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(key: string, baseUrl: string, headers: Record<string, string> = {}) {
    const indicator = this.indicators.check(key);
    try {
      const response = await fetch(new URL('/health/live', baseUrl), {
        headers,
        signal: AbortSignal.timeout(2000),
      });
      return response.ok ? indicator.up() : indicator.down({ httpStatus: response.status });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
