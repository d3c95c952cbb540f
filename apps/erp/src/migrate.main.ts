import 'reflect-metadata';
import { runMigrateMain } from '@throughline/database';
import { erpSchemaContext } from '@throughline/erp';

/** Applies the ERP schema's pending migrations (`npm run migrate:erp`). */
runMigrateMain(erpSchemaContext, 'erp:migrate');
