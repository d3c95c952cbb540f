import { randomBytes } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '@throughline/contracts';
import {
  ApiKeyRequired,
  CurrentActor,
  DomainError,
  presentedApiKey,
  PublicRoute,
  Roles,
  ZodValidationPipe,
} from '@throughline/common';
import { isEncryptedPayload, PayloadDecryptionError } from '@throughline/temporal';
import { CODEC_OPTIONS, type CodecOptions } from './codec.options';
import { codecPage, codecPagePolicy } from './codec-page';
import { CODEC_SESSION_SECONDS, sealCodecSession, sessionCookie } from './codec-session';

/** Base64 as protobuf JSON writes bytes (standard or URL-safe, padding optional). */
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'base64');

const payloadJson = z.looseObject({
  metadata: z.record(z.string().min(1).max(256), base64).optional(),
  data: base64.optional(),
});
type PayloadJson = z.infer<typeof payloadJson>;

/** The remote codec protocol's body: Temporal Payloads in protobuf JSON. */
const payloadsBody = z.object({ payloads: z.array(payloadJson).max(10_000) });
type PayloadsBody = z.infer<typeof payloadsBody>;

const payloadsSchema = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: {
            type: 'object',
            additionalProperties: { type: 'string', format: 'byte' },
            description: 'metadata values, base64',
          },
          data: { type: 'string', format: 'byte', description: 'base64' },
        },
      },
    },
  },
};
const encryptedExample = {
  payloads: [
    {
      metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'azIwMjYtMTI=' },
      data: 'q0N2pO1XyT9m3cQ4k1b8ZrW0aH5uE2sVdLf7Jg6iPo8=',
    },
  ],
};
const plainExample = {
  payloads: [
    {
      metadata: { encoding: 'anNvbi9wbGFpbg==' },
      data: 'eyJuYW1lIjoiQWRhIExvdmVsYWNlIEx0ZCJ9',
    },
  ],
};

const toPayload = (json: PayloadJson): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  data: Buffer.from(json.data ?? '', 'base64'),
});

const toJson = (payload: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The codec server of the Temporal remote codec protocol, for the Temporal UI and CLI: the same
 * encryption codec as every client and worker, behind the role ops. GET /codec is the page where
 * ops sign a browser in for the UI (a session cookie for /codec, see CodecHttpMiddleware).
 */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(@Inject(CODEC_OPTIONS) private readonly options: CodecOptions) {}

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  @Roles('ops')
  @ApiKeyRequired()
  @ApiOperation({
    summary: 'Decrypt payloads (Temporal remote codec protocol)',
    description:
      'For the Temporal UI (codec endpoint) and CLI (--codec-endpoint): encrypted payloads come ' +
      'back as they were before encryption; others are returned unchanged. Authenticates with an ' +
      'API key, or with the session cookie of GET /codec. X-Namespace is accepted and not needed: ' +
      'the key id in each payload says which key decrypts it.',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'sent by the UI and CLI' })
  @ApiBody({ schema: { ...payloadsSchema, example: encryptedExample } })
  @ApiOkResponse({ schema: { ...payloadsSchema, example: plainExample } })
  @ApiBadRequestResponse({ description: 'Not a list of payloads (problem+json)' })
  @ApiUnprocessableEntityResponse({
    description:
      'payload-not-decodable: a payload names a key this API does not have, or was altered',
  })
  async decode(
    @Body(new ZodValidationPipe(payloadsBody)) body: PayloadsBody,
  ): Promise<PayloadsBody> {
    const payloads = body.payloads.map(toPayload);
    let decoded = payloads;
    try {
      for (const codec of [...this.options.codecs].reverse()) decoded = await codec.decode(decoded);
    } catch (error) {
      if (error instanceof PayloadDecryptionError) {
        throw new DomainError('business-rule', 'payload-not-decodable', error.message, {
          ...(error.keyId ? { keyId: error.keyId } : {}),
        });
      }
      throw error;
    }
    // What was not encrypted goes back exactly as it came (fields this API does not know too).
    return {
      payloads: decoded.map((payload, i) =>
        isEncryptedPayload(payloads[i]) ? toJson(payload) : body.payloads[i],
      ),
    };
  }

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  @Roles('ops')
  @ApiKeyRequired()
  @ApiOperation({
    summary: 'Encrypt payloads (Temporal remote codec protocol)',
    description:
      'For input ops give in the Temporal UI or CLI (a signal, a reset): encrypted with the ' +
      'newest key, as the apps do.',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'sent by the UI and CLI' })
  @ApiBody({ schema: { ...payloadsSchema, example: plainExample } })
  @ApiOkResponse({ schema: { ...payloadsSchema, example: encryptedExample } })
  @ApiBadRequestResponse({ description: 'Not a list of payloads (problem+json)' })
  async encode(
    @Body(new ZodValidationPipe(payloadsBody)) body: PayloadsBody,
  ): Promise<PayloadsBody> {
    let encoded = body.payloads.map(toPayload);
    for (const codec of this.options.codecs) encoded = await codec.encode(encoded);
    return { payloads: encoded.map(toJson) };
  }

  @Get()
  @PublicRoute()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'Sign a browser in for the Temporal UI codec',
    description:
      'An HTML page: ops enter an API key; POST /codec/session sets the session cookie the ' +
      'Temporal UI sends with "include cross-origin credentials".',
  })
  @ApiOkResponse({ description: 'The sign-in page (text/html)' })
  page(@Res() res: Response): void {
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .setHeader('Content-Security-Policy', codecPagePolicy(nonce))
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'no-referrer')
      .type('html')
      .send(codecPage(this.options.uiUrl, nonce));
  }

  @Post('session')
  @HttpCode(HttpStatus.OK)
  @Roles('ops')
  @ApiKeyRequired()
  @ApiOperation({
    summary: 'Start a codec session for this browser',
    description:
      `Sets an HttpOnly, SameSite=Lax cookie for /codec that authenticates POST /codec/decode ` +
      `and /codec/encode for ${CODEC_SESSION_SECONDS / 3600} hours (the key is sealed in it and ` +
      'checked on every use). Only with a key in the request, never with the cookie itself.',
  })
  @ApiOkResponse({
    schema: { example: { userId: 'otto.ops', expiresAt: '2026-12-01T18:00:00.000Z' } },
  })
  startSession(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ): { userId: string; expiresAt: string } {
    const expiresAt = new Date(Date.now() + CODEC_SESSION_SECONDS * 1000);
    const apiKey = presentedApiKey(req.headers)!;
    const sealed = sealCodecSession(this.options.sessionKey, apiKey, expiresAt);
    res.setHeader('Set-Cookie', sessionCookie(sealed, { secure: this.options.secureCookie }));
    res.setHeader('Cache-Control', 'no-store');
    return { userId: actor.userId, expiresAt: expiresAt.toISOString() };
  }

  @Delete('session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @PublicRoute()
  @ApiOperation({ summary: 'End the codec session of this browser (removes the cookie)' })
  @ApiNoContentResponse({ description: 'The cookie is removed' })
  endSession(@Res({ passthrough: true }) res: Response): void {
    res.setHeader('Set-Cookie', sessionCookie(undefined, { secure: this.options.secureCookie }));
  }
}
