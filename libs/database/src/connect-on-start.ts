import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';

/**
 * MikroORM 7 connects lazily, on the first query. Until then the readiness ping (terminus's
 * MikroOrmHealthIndicator asks the connection `isConnected()`) reports "Not connected to
 * database" although the database answers. Connecting at start keeps readiness a real ping of
 * the database, as it was with MikroORM 6, whose init connected.
 */
@Injectable()
export class ConnectOrmOnStart implements OnModuleInit {
  constructor(private readonly orm: MikroORM) {}

  async onModuleInit(): Promise<void> {
    await this.orm.connect();
  }
}
