import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import pino from 'pino';
import { buildOpenApiDocument, loadConfig } from '@throughline/common';
import { ApiAppModule } from './api-app.module';
import { apiConfigSchema } from './api.config';
import { apiDocument } from './api.document';

/**
 * The API's OpenAPI document, built from the controllers without connecting to anything
 * (Nest preview mode), exactly as GET /docs-json serves it.
 */
export async function buildApiOpenApi(): Promise<OpenAPIObject> {
  const config = loadConfig(apiConfigSchema, {
    DATABASE_URL: 'postgres://openapi@localhost/openapi',
    // Nothing is hashed while the document is built; the schema only wants a valid secret.
    SUBJECT_KEY_SECRET: Buffer.alloc(32).toString('base64'),
    // Nothing is encrypted either: no payload keys needed.
    THROUGHLINE_MODE: 'dev',
  });
  const app = await NestFactory.create(ApiAppModule.forRoot(config, pino({ level: 'silent' })), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app, apiDocument);
  } finally {
    await app.close();
  }
}
