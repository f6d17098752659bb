import type { OpenAPIObject, ParameterObject, ReferenceObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * HTTP header names are case-insensitive, but a header documented with `@ApiHeader('Idempotency-Key')` and read
 * with `@Headers('idempotency-key')` is listed twice (the second time as required, without a description). Keeps
 * one per name: the documented one.
 */
export function mergeHeaderParameters(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.parameters) continue;
      const headers = operation.parameters.filter((p): p is ParameterObject => !('$ref' in p) && p.in === 'header');
      const keep = new Map<string, ParameterObject>();
      for (const p of headers) {
        const key = p.name.toLowerCase();
        const kept = keep.get(key);
        if (!kept || (!kept.description && p.description)) keep.set(key, p);
      }
      const placed = new Set<string>();
      operation.parameters = operation.parameters.flatMap((p: ParameterObject | ReferenceObject) => {
        if ('$ref' in p || p.in !== 'header') return [p];
        const key = p.name.toLowerCase();
        if (placed.has(key)) return [];
        placed.add(key);
        return [keep.get(key)!];
      });
    }
  }
}

const ISO_DATE_EXAMPLE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Dates travel as `YYYY-MM-DD` strings (Beijing time): a string property whose example is such a date, and that
 * says no other format, is declared `format: date`, so generated clients and validators know it is one.
 */
export function markDateStrings(document: OpenAPIObject): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const schema = node as { type?: unknown; format?: unknown; example?: unknown; properties?: Record<string, unknown> };
    if (schema.type === 'string' && schema.format === undefined && typeof schema.example === 'string' && ISO_DATE_EXAMPLE.test(schema.example)) schema.format = 'date';
    for (const value of Object.values(node)) visit(value);
  };
  visit(document.components?.schemas);
  visit(document.paths);
}
