import 'reflect-metadata';
import { runMigrateMain } from '@throughline/database';
import { crmSchemaContext } from '@throughline/crm';

/** Applies the CRM schema's pending migrations (`npm run migrate:crm`). */
runMigrateMain(crmSchemaContext, 'crm:migrate');
