import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { COMMAND_DTO_BY_TYPE } from '../../src/modules/cases/dto/case-event-commands.dto.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { parseBlanks } from '../../src/modules/letters/blank-validators.js';
import { REPLY_TYPE_RULES, REPLY_TYPES } from '../../src/modules/letters/reply-types.js';
import { webApplication } from '../setup/applications.js';
import { OFFICER, registerCase } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { TEST_ENV } from '../setup/test-env.js';

type Schema = { type?: string; format?: string; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; $ref?: string; oneOf?: Schema[]; allOf?: Schema[]; additionalProperties?: unknown; items?: Schema; example?: unknown; discriminator?: { propertyName: string; mapping?: Record<string, string> } };
interface Document {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

describe('OpenAPI document: a contract clients can generate code from', () => {
  let sut: TestApp;
  let doc: Document;
  const schemas = (): Record<string, Schema> => doc.components.schemas;
  const deref = (s: Schema): Schema => (s.$ref ? schemas()[s.$ref.replace('#/components/schemas/', '')] : s);

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    doc = (await sut.http.get('/api/docs-json')).body as Document;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should be a valid OpenAPI document (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result).toMatchObject({ valid: true });
  });

  it('should type every property: no bare `object` where a string, date or id is meant', () => {
    const bare: string[] = [];
    for (const [name, schema] of Object.entries(schemas())) {
      for (const [prop, p] of Object.entries(schema.properties ?? {})) {
        if (p.type === 'object' && !p.properties && !p.allOf && !p.oneOf && !p.$ref && p.additionalProperties === undefined) bare.push(`${name}.${prop}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it.each([
    ['CaseDto', 'receiptDate', 'date'],
    ['CaseDto', 'dueDate', 'date'],
    ['CaseDto', 'submittedAt', 'date-time'],
    ['CaseDto', 'assigneeId', 'uuid'],
    ['ClockPauseDto', 'to', 'date'],
    ['ClockPauseDto', 'from', 'date'],
    ['CaseClockDto', 'dueDate', 'date'],
    ['ApplicationStatusDto', 'dueDate', 'date'],
    ['CaseEventDto', 'actorId', 'uuid'],
    ['ConfirmReceiptEvent', 'receiptDate', 'date'],
    ['ConfirmReceiptEvent', 'effectiveDate', 'date'],
  ])('should declare %s.%s a string of format %s', (schema, prop, format) => {
    expect(schemas()[schema].properties?.[prop]).toMatchObject({ type: 'string', format });
  });

  it('should describe the event body as one variant per event type, discriminated by type with a mapping', () => {
    const body = doc.paths['/api/v1/cases/{id}/events'].post.requestBody!.content['application/json'].schema;
    const union = deref(body);
    const types = Object.keys(COMMAND_DTO_BY_TYPE);
    expect(union.discriminator?.propertyName).toBe('type');
    expect(Object.keys(union.discriminator?.mapping ?? {}).sort()).toEqual([...types].sort());
    expect(union.oneOf).toHaveLength(types.length);
    for (const [type, target] of Object.entries(union.discriminator!.mapping!)) {
      const variant = deref({ $ref: target });
      // START_DRAFT is itself one variant per reply type.
      for (const v of variant.oneOf ? variant.oneOf.map(deref) : [variant]) {
        expect(v.properties?.type).toMatchObject({ enum: [type], example: type });
        expect(v.required).toContain('type');
      }
    }
    expect(schemas().ConfirmReceiptEvent.properties?.type.example).toBe('CONFIRM_RECEIPT');
  });

  it('should document the blanks of each reply type with a schema and an example that the server accepts', () => {
    const drafts = deref({ $ref: '#/components/schemas/StartDraftEvent' });
    expect(drafts.discriminator?.propertyName).toBe('replyType');
    expect(Object.keys(drafts.discriminator?.mapping ?? {}).sort()).toEqual([...REPLY_TYPES].sort());
    for (const replyType of REPLY_TYPES) {
      const draft = deref({ $ref: drafts.discriminator!.mapping![replyType] });
      expect(draft.properties?.replyType.enum).toEqual([replyType]);
      const blanks = deref(draft.properties!.blanks);
      expect(blanks.example).toEqual(REPLY_BLANK_EXAMPLES[replyType]);
      expect(parseBlanks(REPLY_TYPE_RULES[replyType].blanks, blanks.example).errors).toEqual([]);
      const fields = deref(blanks.allOf![0]);
      for (const required of fields.required ?? []) expect(Object.keys(blanks.example as object)).toContain(required);
    }
  });

  it('should give only examples that fit their own property (type, format, enum)', () => {
    const misfits: string[] = [];
    const fits = (p: Schema & { nullable?: boolean }, v: unknown): boolean => {
      if (v === null) return p.nullable === true;
      if (p.enum && !p.enum.includes(v)) return false;
      if (p.type === 'string') return typeof v === 'string' && (p.format !== 'date' || /^\d{4}-\d{2}-\d{2}$/.test(v)) && (p.format !== 'uuid' || /^[0-9a-f-]{36}$/i.test(v));
      if (p.type === 'integer') return Number.isInteger(v);
      if (p.type === 'number') return typeof v === 'number';
      if (p.type === 'boolean') return typeof v === 'boolean';
      if (p.type === 'array') return Array.isArray(v);
      return true;
    };
    for (const [name, schema] of Object.entries(schemas())) {
      for (const [prop, p] of Object.entries(schema.properties ?? {})) if (p.example !== undefined && !fits(p, p.example)) misfits.push(`${name}.${prop} = ${JSON.stringify(p.example)}`);
    }
    expect(misfits).toEqual([]);
  });

  it('should declare the Idempotency-Key header once', () => {
    const headers = (doc.paths['/api/v1/applications'].post.parameters ?? []).filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
    expect(headers).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
  });

  it('should type-check e2e requests and real responses against a client generated with openapi-typescript', async () => {
    const dir = mkdtempSync(path.join(process.env[TEST_ENV.tmpDir] ?? '/tmp', 'openapi-'));
    // Request bodies: a property with a default may be left out (openapi-typescript otherwise makes it required).
    writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(structuredClone(doc) as never, { defaultNonNullable: false })));

    const officer = await sut.tokenFor(OFFICER);
    const registered = await registerCase(sut, '2026-03-02');
    const detail = (await sut.http.get(`/api/v1/cases/${registered.id}`).set('Authorization', `Bearer ${officer}`)).body;
    const queue = (await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${officer}`)).body;
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication());
    expect(submitted.status).toBe(201);

    const events: unknown[] = [
      { type: 'ACCEPT' },
      { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09', effectiveDate: '2026-03-09' },
      { type: 'REQUEST_CORRECTION', items: ['请明确信息名称'] },
      { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '某公司' },
      { type: 'APPROVE_EXTENSION', workdays: 20, grounds: '需调取档案' },
      { type: 'DEFER', until: '2026-06-30', grounds: '数量大' },
      { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA1' },
      { type: 'CLOSE', closeReason: 'NOT_AN_APPLICATION', note: '投诉' },
      ...REPLY_TYPES.map((replyType) => ({ type: 'START_DRAFT', replyType, blanks: REPLY_BLANK_EXAMPLES[replyType] })),
    ];
    const literal = (value: unknown): string => JSON.stringify(value, null, 1);
    const source = `import type { components, paths } from './api.js';
type JsonBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Schema<N extends keyof components['schemas']> = components['schemas'][N];
export const events: JsonBody<'/api/v1/cases/{id}/events', 'post'>[] = ${literal(events)};
export const shortForm: JsonBody<'/api/v1/cases', 'post'> = ${literal({ channel: 'counter', receiptDate: '2026-03-02', applicantName: '张三', requestDescription: '2025年度某镇土地征收补偿方案' })};
export const counter: JsonBody<'/api/v1/cases', 'post'> = ${literal({ channel: 'counter', counter: { submittedOn: '2026-03-09', oral: true, recordedBy: '王承办', applicantSigned: true }, applicant: webApplication().applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' } })};
export const web: JsonBody<'/api/v1/applications', 'post'> = ${literal(webApplication())};
export const login: JsonBody<'/api/v1/auth/login', 'post'> = ${literal({ email: OFFICER, password: 'Gongkai#2026' })};
export const calendar: JsonBody<'/api/v1/calendar/{year}', 'put'> = ${literal({ source: '测试', days: [{ date: '2029-01-01', kind: 'DAY_OFF', name: '元旦' }] })};
export const caseDetail: Schema<'CaseDto'> = ${literal(detail)};
export const casePage: Schema<'CasePageDto'> = ${literal(queue)};
export const receipt: Schema<'ApplicationReceiptDto'> = ${literal(submitted.body)};
// A client generated from the document catches what the server would refuse:
// @ts-expect-error CONFIRM_RECEIPT needs a receiptDate
export const noReceiptDate: JsonBody<'/api/v1/cases/{id}/events', 'post'> = { type: 'CONFIRM_RECEIPT' };
// @ts-expect-error NOT_EXIST needs where and how the search was done, not a DISCLOSE's blanks
export const wrongBlanks: JsonBody<'/api/v1/cases/{id}/events', 'post'> = { type: 'START_DRAFT', replyType: 'NOT_EXIST', blanks: ${JSON.stringify(REPLY_BLANK_EXAMPLES.DISCLOSE)} };
`;
    writeFileSync(path.join(dir, 'requests.ts'), source);
    const program = ts.createProgram([path.join(dir, 'requests.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2022.d.ts'],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });
});
