import type { Type } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import { fieldId } from './web-setup.js';

// Page forms post flat fields named after the API's JSON paths (`applicant.idNumber`); they are folded into the
// API's body shape and validated by the very pipe and DTO the API uses, so the rules and the Chinese wording of
// every message are the API's.

const pipe = createValidationPipe();

/** Validates a plain body against an API DTO with the API's global pipe; throws the API's AppException. */
export async function validateAs<T extends object>(dto: Type<T>, plain: unknown): Promise<T> {
  return (await pipe.transform(plain, { type: 'body', metatype: dto })) as T;
}

export type FlatForm = Record<string, string>;

/** The string fields of an urlencoded or multipart body (repeated fields keep their last value). */
export function flatForm(body: unknown): FlatForm {
  const out: FlatForm = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof value === 'string' && k !== '__proto__' && k !== 'constructor' && k !== 'prototype') out[k] = value;
  }
  return out;
}

/** `{ 'a.b': 'x' }` → `{ a: { b: 'x' } }` for the listed fields; empty fields are left out (so "optional" holds). */
export function nest(form: FlatForm, fields: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const name of fields) {
    const value = form[name]?.trim();
    if (value === undefined || value === '') continue;
    const parts = name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] = (node[part] as Record<string, unknown> | undefined) ?? {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = form[name];
  }
  return root;
}

export interface FormErrorItem {
  field: string;
  id: string;
  message: string;
}

export interface FormErrors {
  /** For the error summary, in the order of the form. */
  list: FormErrorItem[];
  /** Message beside each field, by field name. */
  byField: Record<string, string>;
}

/**
 * The API's 422 body mapped to the form: each `errors[].field` to the form field of that name (or the first field
 * of its group, through `aliases`), with the API's own message. Anything else is not a form error: rethrown.
 */
export function formErrorsOf(e: unknown, fieldOrder: readonly string[], aliases: Record<string, string> = {}): FormErrors {
  if (!(e instanceof AppException) || e.code !== 'VALIDATION_FAILED') throw e;
  const byField: Record<string, string> = {};
  for (const err of e.errors ?? []) {
    const field = aliases[err.field] ?? resolveField(err.field, fieldOrder);
    if (!(field in byField)) byField[field] = err.message;
  }
  const order = (f: string) => {
    const i = fieldOrder.indexOf(f);
    return i < 0 ? fieldOrder.length : i;
  };
  const list = Object.entries(byField)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([field, message]) => ({ field, id: fieldId(field), message }));
  return { list, byField };
}

export function singleError(field: string, message: string): FormErrors {
  return { list: [{ field, id: fieldId(field), message }], byField: { [field]: message } };
}

export function mergeErrors(a: FormErrors, b: FormErrors, fieldOrder: readonly string[]): FormErrors {
  const byField = { ...b.byField, ...a.byField };
  const order = (f: string) => (fieldOrder.indexOf(f) < 0 ? fieldOrder.length : fieldOrder.indexOf(f));
  const list = Object.entries(byField)
    .sort(([x], [y]) => order(x) - order(y))
    .map(([field, message]) => ({ field, id: fieldId(field), message }));
  return { list, byField };
}

/** `applicant.organisation` (a whole group missing) → its first field in the form. */
function resolveField(field: string, fieldOrder: readonly string[]): string {
  if (fieldOrder.includes(field)) return field;
  return fieldOrder.find((f) => f.startsWith(`${field}.`)) ?? field;
}
