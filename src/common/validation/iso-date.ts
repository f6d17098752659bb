import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A real calendar date written YYYY-MM-DD (2026-02-30 is refused). Reported as INVALID_DATE. Year 0000 is refused
 * too: JavaScript reads it as 1 BC, PostgreSQL has no year zero and would fail the query.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}
