import { AppException } from '../errors/app.exception.js';

/** Keys that class-transformer would follow into the prototype chain (and crash on, or worse). */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/** Text PostgreSQL cannot store (NUL) or that is not Unicode at all (a lone surrogate). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * Refuses, with a 422 naming the field, request input that would otherwise end in a 500 further in: a reserved key
 * at any depth (class-transformer throws a TypeError on `{"constructor": {...}}` under an unknown field), text
 * with a NUL character or a lone surrogate (PostgreSQL rejects it when stored), nesting deeper than any DTO. No
 * valid request has any of these.
 */
export function assertSafeInput(value: unknown, path = '', depth = 0): void {
  if (typeof value === 'string') {
    if (unstorable(value)) throw AppException.invalidField(path || 'body', 'INVALID_CHARACTERS', '包含无效字符（如空字符或不完整的Unicode字符）');
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) throw AppException.invalidField(path || 'body', 'TOO_DEEP', '嵌套层级过深');
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key) || unstorable(key)) throw AppException.invalidField(field, 'UNKNOWN_FIELD', '不允许的字段');
    assertSafeInput(child, field, depth + 1);
  }
}
