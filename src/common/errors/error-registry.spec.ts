import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { ERROR_TABLE, FIELD_ERROR_MESSAGES, MODULE_ERROR_TABLES } from './error-code.js';
import { errorCodeConflicts, mergeErrorTables, type ModuleErrorTable } from './error-registry.js';

/** Every non-test TypeScript file under src/. */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );

/**
 * Field codes written as literals where an error is raised: AppException.invalidField(field, 'CODE', …), a
 * `{ field, code: 'CODE' }` entry of an error list, and the domain errors whose code becomes a field code.
 */
const RAISED_FIELD_CODE = [
  /invalidField\(\s*[^,]+,\s*'([A-Z][A-Z0-9_]*)'/g,
  /\{\s*field[^{}]*?\bcode: '([A-Z][A-Z0-9_]*)'/g,
  /new (?:IcsCalendarError|AttachmentRejectedError|ReceiptFactsError)\(\s*'([A-Z][A-Z0-9_]*)'/g,
];

/** A field naming something that does not exist answers the request-level NOT_FOUND code, with the same meaning. */
const REQUEST_CODES_ON_FIELDS = new Set(['NOT_FOUND']);

const table = (module: string, errors: ModuleErrorTable['errors'], fields: ModuleErrorTable['fields'] = {}): ModuleErrorTable => ({ module, errors, fields });

describe('error-code registry', () => {
  it('should define every code of every module exactly once', () => {
    expect(errorCodeConflicts(MODULE_ERROR_TABLES)).toEqual([]);
  });

  it('should give every code a Chinese message and every request-level code a 4xx/5xx status', () => {
    for (const [code, { status, message }] of Object.entries(ERROR_TABLE)) {
      expect([code, status >= 400 && status < 600, message]).toEqual([code, true, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
    for (const [code, message] of Object.entries(FIELD_ERROR_MESSAGES)) expect([code, message]).toEqual([code, expect.stringMatching(/[\u4e00-\u9fff]/)]);
  });

  it('should hold each module table in the merged registry', () => {
    for (const t of MODULE_ERROR_TABLES) {
      for (const code of Object.keys(t.errors)) expect(ERROR_TABLE).toHaveProperty(code);
      for (const code of Object.keys(t.fields)) expect(FIELD_ERROR_MESSAGES).toHaveProperty(code);
    }
  });

  it('should know every field code raised in src/ (no code thrown inline without a home in a module table)', () => {
    const unknown: string[] = [];
    for (const file of sourceFiles(join(process.cwd(), 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of RAISED_FIELD_CODE) {
        for (const [, code] of text.matchAll(pattern)) {
          if (!(code! in FIELD_ERROR_MESSAGES) && !REQUEST_CODES_ON_FIELDS.has(code!)) unknown.push(`${code} (${file.slice(process.cwd().length + 1)})`);
        }
      }
    }
    expect(unknown).toEqual([]);
    for (const code of REQUEST_CODES_ON_FIELDS) expect(ERROR_TABLE).toHaveProperty(code);
  });

  it('should refuse a code defined in two modules, even with the same meaning', () => {
    const a = table('intake', {}, { DATE_OUT_OF_RANGE: '日期不能早于2008年5月1日' });
    const b = table('deadlines', {}, { DATE_OUT_OF_RANGE: '日期超出工作日历的范围' });
    const c = table('cases', {}, { DATE_OUT_OF_RANGE: '日期超出工作日历的范围' });
    expect(errorCodeConflicts([a, b, c])).toEqual([{ code: 'DATE_OUT_OF_RANGE', definedIn: ['intake:fields', 'deadlines:fields', 'cases:fields'] }]);
    expect(() => mergeErrorTables([a, b])).toThrow(/DATE_OUT_OF_RANGE \(intake:fields, deadlines:fields\)/);
  });

  it('should refuse a code used both as a request-level and as a field code', () => {
    const t = table('reports', { NOT_PUBLISHED: { status: HttpStatus.CONFLICT, message: '尚未发布' } }, { NOT_PUBLISHED: '尚未发布' });
    expect(errorCodeConflicts([t])).toEqual([{ code: 'NOT_PUBLISHED', definedIn: ['reports:errors', 'reports:fields'] }]);
  });

  it('should merge distinct tables into one', () => {
    const merged = mergeErrorTables([table('a', { A: { status: HttpStatus.CONFLICT, message: '甲' } }), table('b', {}, { B: '乙' })]);
    expect(merged).toEqual({ errors: { A: { status: HttpStatus.CONFLICT, message: '甲' } }, fields: { B: '乙' } });
  });

  it('should no longer know the retired DATE_OUT_OF_RANGE, which meant two things', () => {
    expect(FIELD_ERROR_MESSAGES).not.toHaveProperty('DATE_OUT_OF_RANGE');
    expect(FIELD_ERROR_MESSAGES.DATE_BEFORE_REGULATION).toContain('2008年5月1日');
    expect(FIELD_ERROR_MESSAGES.DATE_OUTSIDE_CALENDAR).toContain('工作日历');
  });
});
