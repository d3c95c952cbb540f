import 'reflect-metadata';
import { runMigrateMain } from '@throughline/database';
import { apiSchemaContext } from './api.context';

/** Applies the API schema's pending migrations (`npm run migrate:api`). */
runMigrateMain(apiSchemaContext, 'api:migrate');
