import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A nested DTO field: must be an object (class-validator's @ValidateNested alone lets an array, even an empty
 * one, through), converted to `type` and validated. With `each`, an array of such objects.
 */
export function NestedObject(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each ?? false;
  return applyDecorators(IsObject({ each }), ValidateNested({ each }), Type(type));
}
