import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CODEC_OPTIONS, type CodecOptions } from './codec.options';
import { CODEC_SESSION_COOKIE, cookieValue, openCodecSession } from './codec-session';

/** The headers the Temporal UI (and a browser calling the codec) may send. */
export const CODEC_ALLOWED_HEADERS = 'Authorization, X-API-Key, Content-Type, X-Namespace';

/** The routes a browser session (cookie) authenticates; signing in always takes a key. */
const SESSION_ROUTES = new Set(['/codec/encode', '/codec/decode']);

/**
 * In front of /codec/*: CORS for the Temporal UI's origin only (credentials allowed, so the UI's
 * "include cross-origin credentials" sends the session cookie), the preflight answered here
 * without authentication, and a valid session cookie turned into the API key it holds when the
 * request brings no key of its own, so the guard authenticates it as any other call.
 */
@Injectable()
export class CodecHttpMiddleware implements NestMiddleware {
  constructor(@Inject(CODEC_OPTIONS) private readonly options: CodecOptions) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    const allowed = origin === this.options.uiOrigin;
    res.vary('Origin');
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      // A preflight (or a plain OPTIONS): answered here, never authenticated.
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', CODEC_ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.setHeader('Allow', 'GET, POST, DELETE, OPTIONS');
      res.status(204).end();
      return;
    }
    // The full path: a mounted middleware sees req.path relative to its mount point.
    const path = req.originalUrl.split('?')[0].replace(/\/+$/, '');
    if (
      SESSION_ROUTES.has(path) &&
      req.headers.authorization === undefined &&
      req.headers['x-api-key'] === undefined
    ) {
      const sealed = cookieValue(req.headers.cookie, CODEC_SESSION_COOKIE);
      const apiKey = sealed ? openCodecSession(this.options.sessionKey, sealed) : undefined;
      if (apiKey) req.headers.authorization = `Bearer ${apiKey}`;
    }
    next();
  }
}
