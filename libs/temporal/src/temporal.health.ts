import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Connection } from '@temporalio/client';
import { TEMPORAL_CONNECTION } from './tokens';

/** Healthy when the Temporal frontend answers within two seconds. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
  ) {}

  async check(key = 'temporal') {
    const indicator = this.indicators.check(key);
    try {
      await this.connection.withDeadline(Date.now() + 2000, async () => {
        await this.connection.ensureConnected();
        await this.connection.workflowService.getSystemInfo({});
      });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
