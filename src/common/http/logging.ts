import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';

const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

// 18-character resident ID numbers (GB 11643) and mainland mobile numbers inside any logged string.
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskSensitiveText(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2');
}

const SENSITIVE_KEYS = /password|secret|token|authorization|cookie|idnumber|idcard|phone|mobile/i;

/** Deep copy with sensitive keys censored and ID/phone numbers masked in every string. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskSensitiveText(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEYS.test(k) && v !== null && v !== undefined ? '[REDACTED]' : redact(v, depth + 1);
  }
  return out;
}

/**
 * Takes a well-formed incoming X-Correlation-Id (or X-Request-Id), else makes one, and echoes it back.
 * Runs as the very first middleware so that even body-parser errors carry it.
 */
export function assignCorrelationId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers[CORRELATION_HEADER] ?? req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Correlation-Id', id);
  return id;
}

/**
 * What a request line says of the request and its answer: no headers (they carry cookies and tokens), the URL with
 * ID and phone numbers masked, the status code.
 */
const REQUEST_SERIALIZERS = {
  req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskSensitiveText(req.url) }),
  res: (res: { statusCode: number | null }) => ({ statusCode: res.statusCode }),
};

/**
 * A log line's fields, redacted. pino formats a line's fields before it serializes them, so the request and the
 * answer reach this as Node's own objects: they are left to REQUEST_SERIALIZERS, which keep only what is safe. A
 * copy of them here would walk the socket and the server behind them on every request, and would lose the status
 * code (a getter of the response, not a field).
 */
export function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const serialized: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) (Object.hasOwn(REQUEST_SERIALIZERS, key) ? serialized : fields)[key] = value;
  return { ...(redact(fields) as Record<string, unknown>), ...serialized };
}

/** Structured JSON logs with a correlation id per request (echoed back in `X-Correlation-Id`). */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      genReqId: (req: IncomingMessage, res: ServerResponse) => assignCorrelationId(req, res),
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: REQUEST_SERIALIZERS,
      formatters: { log: redactLogObject },
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      ...(config.log.pretty ? { transport: { target: 'pino-pretty' } } : {}),
    },
  };
}
