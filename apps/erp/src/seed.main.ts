import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { loadConfigOrExit } from '@throughline/common';
import { migrateSchema } from '@throughline/database';
import { DemoCatalogSeeder, erpSchemaContext } from '@throughline/erp';
import { ErpToolsModule, erpToolsConfigSchema } from './erp-tools.module';

/**
 * `npm run seed:erp`: migrates the ERP schema and loads the demo catalog (items, warehouses in
 * three cities, the standard price list with quantity breaks and customer prices, opening
 * stock). Idempotent: a second run writes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(erpToolsConfigSchema, 'erp:seed');
  await migrateSchema(erpSchemaContext, config);
  const app = await NestFactory.createApplicationContext(ErpToolsModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const report = await RequestContext.create(app.get(MikroORM).em, () =>
      app.get(DemoCatalogSeeder).seed(),
    );
    const written = Object.values(report).reduce((sum, n) => sum + n, 0);
    process.stdout.write(
      `[erp:seed] ${written === 0 ? 'nothing to do, the demo catalog is loaded' : 'demo catalog loaded'}: ` +
        `${report.items} items, ${report.warehouses} warehouses, ${report.priceLists} price lists, ` +
        `${report.prices} prices, ${report.openingStock} opening stock movements created\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[erp:seed] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
