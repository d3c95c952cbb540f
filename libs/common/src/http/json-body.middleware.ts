import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem';

function sendProblem(
  req: Request,
  res: Response,
  status: number,
  code: string,
  detail: string,
): void {
  const title = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' }[
    status
  ];
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(code),
        title: title ?? 'Bad Request',
        status,
        code,
        detail,
        instance: req.originalUrl,
      }),
    );
}

/** Another body limit for the routes under a path prefix (e.g. `/codec/`). */
export interface JsonBodyLimit {
  pathPrefix: string;
  limitBytes: number;
}

/**
 * JSON request bodies only: a body in another media type is 415, malformed JSON 400 and an
 * oversized body 413, each as problem+json before any controller runs. A request without body
 * content leaves `req.body` undefined (never `{}`), so a route that needs a body can tell. The
 * limit is `limitBytes`, or that of the first entry of `routeLimits` whose prefix the path has.
 */
export function jsonBodyMiddleware(
  limitBytes = 256 * 1024,
  routeLimits: readonly JsonBodyLimit[] = [],
): RequestHandler {
  const fallback = jsonBodyParser(limitBytes);
  const byRoute = routeLimits.map((route) => ({
    pathPrefix: route.pathPrefix,
    handler: jsonBodyParser(route.limitBytes),
  }));
  return (req, res, next) =>
    (byRoute.find((route) => req.path.startsWith(route.pathPrefix))?.handler ?? fallback)(
      req,
      res,
      next,
    );
}

function jsonBodyParser(limitBytes: number): RequestHandler {
  const emptyBodies = new WeakSet<Request>();
  const limit =
    limitBytes >= 1024 * 1024
      ? `${Math.round(limitBytes / (1024 * 1024))}MB`
      : `${Math.round(limitBytes / 1024)}kb`;
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    // The parser reads an empty chunked body as {}: remember it was empty.
    verify: (req, _res, buffer) => {
      if (buffer.length === 0) emptyBodies.add(req as Request);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) {
      next();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > limitBytes) {
      // Refused from the headers, at once: nobody waits for (or reads) a body this size, and
      // the connection closes rather than drain it.
      res.setHeader('Connection', 'close');
      sendProblem(req, res, 413, 'payload-too-large', `The request body exceeds ${limit}.`);
      return;
    }
    if (!req.is('application/json')) {
      sendProblem(
        req,
        res,
        415,
        'unsupported-media-type',
        'Send the request body as application/json.',
      );
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (!error) {
        if (emptyBodies.has(req)) req.body = undefined;
        next();
        return;
      }
      const { type, status } = error as { type?: string; status?: number };
      if (type === 'entity.too.large') {
        sendProblem(req, res, 413, 'payload-too-large', `The request body exceeds ${limit}.`);
      } else if (status === 415) {
        // A JSON body in a charset or content encoding the parser does not read.
        sendProblem(
          req,
          res,
          415,
          'unsupported-media-type',
          'Send the body as UTF-8 JSON without content encoding.',
        );
      } else if (status && status >= 400 && status < 500) {
        sendProblem(req, res, 400, 'malformed-json', 'The request body is not valid JSON.');
      } else {
        next(error);
      }
    });
  };
}
