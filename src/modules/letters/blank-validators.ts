import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  validateSync,
  type ValidationOptions,
} from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '../../common/errors/error-code.js';
import { toFieldErrors } from '../../common/errors/validation-errors.js';
import { IsIsoDate } from '../../common/validation/iso-date.js';

/**
 * Decorators for the officer's "blanks" (填空要素) of a document: each reports a stable code and a Chinese message
 * naming the field, so a form can show exactly what is missing, and documents the field in the OpenAPI document
 * (one schema per reply type, built from these classes).
 */
const says = (code: string, message: string): ValidationOptions => ({ context: { code, message } });

// Plain trim, not NFKC: officers' text goes verbatim into official documents, full-width punctuation included.
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const trimOrDrop = ({ value }: { value: unknown }): unknown => {
  const v = trim({ value });
  return v === '' ? undefined : v;
};

interface BlankOptions {
  optional?: boolean;
}

export function TextBlank(label: string, options: BlankOptions & { max?: number } = {}): PropertyDecorator {
  const max = options.max ?? 2000;
  return (target, key) => {
    ApiProperty({ type: String, description: label, maxLength: max, required: !options.optional })(target, key as string);
    Transform(options.optional ? trimOrDrop : trim)(target, key as string);
    if (options.optional) IsOptional()(target, key as string);
    IsString(says('INVALID_TYPE', `${label}应为文字`))(target, key as string);
    IsNotEmpty(says('REQUIRED', `请填写${label}`))(target, key as string);
    MaxLength(max, says('TOO_LONG', `${label}不能超过${max}个字`))(target, key as string);
  };
}

export function DateBlank(label: string, options: BlankOptions = {}): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: String, format: 'date', description: label, required: !options.optional })(target, key as string);
    if (options.optional) IsOptional()(target, key as string);
    else IsDefined(says('REQUIRED', `请填写${label}`))(target, key as string);
    IsIsoDate(says('INVALID_DATE', `${label}应为有效日期，格式为YYYY-MM-DD`))(target, key as string);
  };
}

export function ChoiceBlank(label: string, values: readonly string[], options: BlankOptions = {}): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ enum: [...values], description: label, required: !options.optional })(target, key as string);
    if (options.optional) IsOptional()(target, key as string);
    else IsDefined(says('REQUIRED', `请选择${label}`))(target, key as string);
    IsIn([...values], says('INVALID_ENUM', `${label}取值无效`))(target, key as string);
  };
}

export function IntBlank(label: string, min: number, max: number, options: BlankOptions = {}): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: 'integer', minimum: min, maximum: max, description: label, required: !options.optional })(target, key as string);
    if (options.optional) IsOptional()(target, key as string);
    else IsDefined(says('REQUIRED', `请填写${label}`))(target, key as string);
    IsInt(says('INVALID_TYPE', `${label}应为整数`))(target, key as string);
    Min(min, says('TOO_SMALL', `${label}不能小于${min}`))(target, key as string);
    Max(max, says('TOO_LARGE', `${label}不能大于${max}`))(target, key as string);
  };
}

/** An amount of money in yuan with at most two decimals. */
export function AmountBlank(label: string, max: number): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: Number, minimum: 0.01, maximum: max, description: `${label}（元，最多两位小数）` })(target, key as string);
    IsDefined(says('REQUIRED', `请填写${label}`))(target, key as string);
    IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, says('INVALID_TYPE', `${label}应为金额（元，最多两位小数）`))(
      target,
      key as string,
    );
    Min(0.01, says('TOO_SMALL', `${label}应大于0`))(target, key as string);
    Max(max, says('TOO_LARGE', `${label}不能大于${max}`))(target, key as string);
  };
}

export type BlanksClass = new () => object;

export interface ParsedBlanks<T> {
  /** The blanks as validated: strings trimmed, optional empty strings dropped. Only meaningful without errors. */
  value: T;
  errors: FieldError[];
}

/**
 * Validates blanks against their class: unknown fields are refused, errors are reported as `blanks.<field>`
 * (`blanks.citations.0.article` for nested ones).
 */
export function parseBlanks<T extends object>(dto: new () => T, blanks: unknown): ParsedBlanks<T> {
  if (blanks === null || typeof blanks !== 'object' || Array.isArray(blanks)) {
    return { value: new dto(), errors: [{ field: 'blanks', code: 'INVALID_TYPE', message: '文书要素应为对象' }] };
  }
  const value = plainToInstance(dto, blanks, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  return { value, errors: toFieldErrors(errors, 'blanks') };
}

/** The field names a blanks class declares (its own and inherited), in declaration order. */
export function blankFieldNames(dto: BlanksClass): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}
