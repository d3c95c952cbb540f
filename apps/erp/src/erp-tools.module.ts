import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { z } from 'zod';
import { databaseEnvSchema, ormOptions } from '@throughline/database';
import { ErpDomainModule, erpPolicyEnvSchema, erpSchemaContext } from '@throughline/erp';

/** What the command-line tools (seed, invariant check, benchmark) read from the environment. */
export const erpToolsConfigSchema = z.object({
  ...databaseEnvSchema.shape,
  ...erpPolicyEnvSchema.shape,
});

export type ErpToolsConfig = z.infer<typeof erpToolsConfigSchema>;

/** The ERP domain on its database, without HTTP or a Temporal worker. */
@Module({})
export class ErpToolsModule {
  static forRoot(config: ErpToolsConfig): DynamicModule {
    return {
      module: ErpToolsModule,
      imports: [
        MikroOrmModule.forRoot(ormOptions(erpSchemaContext, config)),
        ErpDomainModule.forRoot(config),
      ],
    };
  }
}
