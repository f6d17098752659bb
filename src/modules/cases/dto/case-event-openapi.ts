import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { REPLY_BLANK_EXAMPLES } from '../../letters/reply-blank-examples.js';
import { REPLY_TYPE_LABELS, REPLY_TYPE_RULES, REPLY_TYPES, type ReplyType } from '../../letters/reply-types.js';
import { COMMAND_DTO_BY_TYPE, COMMAND_DTOS } from './case-event-commands.dto.js';

/**
 * The OpenAPI shape of `POST /cases/{id}/events`: one variant per event type, each with a single-value `type`,
 * joined by a discriminator with an explicit mapping (so client generators can tell them apart), built from the
 * DTO registry `COMMAND_DTO_BY_TYPE`: an event added there gets its variant here without further work.
 * `START_DRAFT` is itself one variant per reply type, discriminated by `replyType`, each naming the blanks
 * (填空要素) that reply type needs, with a valid example.
 */
export const CASE_EVENT_COMMAND_SCHEMA = 'CaseEventCommand';

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const pascal = (constant: string): string => constant.toLowerCase().replace(/(?:^|_)([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** `CONFIRM_RECEIPT` → `ConfirmReceiptEvent`. */
export const eventSchemaName = (type: string): string => `${pascal(type)}Event`;
/** `NOT_EXIST` → `NotExistReplyBlanks`. */
export const replyBlanksSchemaName = (replyType: ReplyType): string => `${pascal(replyType)}ReplyBlanks`;
const startDraftSchemaName = (replyType: ReplyType): string => `StartDraft${pascal(replyType)}Event`;

/** The classes whose schemas the variants are built from: the event DTOs and the blanks of every reply type. */
export const CASE_EVENT_OPENAPI_MODELS: (new () => object)[] = [...COMMAND_DTOS, ...new Set(REPLY_TYPES.map((t) => REPLY_TYPE_RULES[t].blanks))];

/** The request body of `POST /cases/{id}/events` (for `@ApiBody`). */
export const caseEventRequestSchema = (): ReferenceObject => ref(CASE_EVENT_COMMAND_SCHEMA);

/** Adds the variants to a document built with `CASE_EVENT_OPENAPI_MODELS` as extra models; drops the DTO schemas they replace. */
export function addCaseEventSchemas(document: OpenAPIObject): void {
  const schemas = (document.components ??= {}).schemas ??= {};
  const dtoSchema = (name: string): SchemaObject => {
    const schema = schemas[name];
    if (!schema || '$ref' in schema) throw new Error(`OpenAPI: no schema for ${name}; is it among the extra models?`);
    return schema;
  };
  const variant = (base: SchemaObject, fixed: Record<string, string>, description?: string): SchemaObject => {
    const properties = { ...base.properties };
    for (const [key, value] of Object.entries(fixed)) {
      const { enum: _all, example: _example, ...rest } = (properties[key] ?? { type: 'string' }) as SchemaObject;
      properties[key] = { ...rest, type: 'string', enum: [value], example: value };
    }
    return { ...structuredClone(base), properties, required: [...new Set([...Object.keys(fixed), ...(base.required ?? [])])], ...(description ? { description } : {}) };
  };

  for (const replyType of REPLY_TYPES) {
    const blanks = REPLY_TYPE_RULES[replyType].blanks;
    dtoSchema(blanks.name);
    schemas[replyBlanksSchemaName(replyType)] = {
      allOf: [ref(blanks.name)],
      description: `答复类型 ${replyType}（${REPLY_TYPE_LABELS[replyType]}）的文书要素；法律依据和救济条款由系统生成`,
      example: REPLY_BLANK_EXAMPLES[replyType],
    };
  }

  const mapping: Record<string, string> = {};
  for (const [type, dto] of Object.entries(COMMAND_DTO_BY_TYPE)) {
    const base = dtoSchema(dto.name);
    if (type === 'START_DRAFT') {
      const drafts: Record<string, string> = {};
      for (const replyType of REPLY_TYPES) {
        const draft = variant(base, { type, replyType }, `起草答复：${REPLY_TYPE_LABELS[replyType]}`);
        draft.properties!.blanks = ref(replyBlanksSchemaName(replyType));
        schemas[startDraftSchemaName(replyType)] = draft;
        drafts[replyType] = ref(startDraftSchemaName(replyType)).$ref;
      }
      schemas[eventSchemaName(type)] = {
        description: '起草答复：replyType 决定 blanks 须填写的要素（每种答复类型一个结构，附示例）',
        oneOf: Object.values(drafts).map(($ref) => ({ $ref })),
        discriminator: { propertyName: 'replyType', mapping: drafts },
      };
    } else {
      schemas[eventSchemaName(type)] = variant(base, { type });
    }
    mapping[type] = ref(eventSchemaName(type)).$ref;
  }
  schemas[CASE_EVENT_COMMAND_SCHEMA] = {
    description: '办理事件：按 type 区分，每种事件一个结构',
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping },
  };

  // The DTO schemas list every event type in `type`; nothing refers to them any more.
  const text = JSON.stringify(document);
  for (const dto of COMMAND_DTOS) if (!text.includes(`"${ref(dto.name).$ref}"`)) delete schemas[dto.name];
}
