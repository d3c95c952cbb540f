import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './problem-details.filter';
import { InFlightInterceptor, trackInFlight } from './in-flight.interceptor';
import { type JsonBodyLimit, jsonBodyMiddleware } from './json-body.middleware';
import { StorableTextPipe } from './storable-text.pipe';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** Adds bearer / API key schemes to the OpenAPI document. */
  apiKeyAuth?: boolean;
  /** Body limits other than the default 256 kB, by path prefix. */
  bodyLimits?: JsonBodyLimit[];
}

export function buildOpenApiDocument(
  app: INestApplication,
  options: HttpAppOptions,
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the document describes the service that serves it, wherever it is deployed.
    .addServer('/', 'the service serving this document');
  if (options.apiKeyAuth) {
    builder
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key as a bearer token' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key');
  }
  const document = SwaggerModule.createDocument(app, builder.build());
  if (options.apiKeyAuth) {
    // The routes without a scheme are public (health): say so, rather than leave it unsaid.
    for (const item of Object.values(document.paths)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        const operation = item[method];
        if (operation && !operation.security) operation.security = [];
      }
    }
  }
  return document;
}

/**
 * Creates an HTTP app the way every Throughline service needs it: pino request logs,
 * problem+json errors, JSON-only bodies, no text that cannot be stored (StorableTextPipe), and
 * OpenAPI at /docs and /docs-json.
 */
export async function createHttpApp(
  module: DynamicModule,
  options: HttpAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
    // Throw instead of exiting, so callers (main, tests) decide what a failed start means.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(jsonBodyMiddleware(undefined, options.bodyLimits));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new StorableTextPipe());
  const inFlight = new InFlightInterceptor();
  app.useGlobalInterceptors(inFlight);
  trackInFlight(app, inFlight);
  // Close waits (up to 15 s) for running handlers before the app's connections close.
  const close = app.close.bind(app);
  app.close = async () => {
    await inFlight.drained(15_000);
    await close();
  };
  const document = buildOpenApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
