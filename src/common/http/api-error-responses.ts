import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'INVALID_EMAIL' }) code: string;
  @ApiProperty({ example: '电子邮箱格式不正确' }) message: string;
}

export class ErrorBodyDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: '稳定的英文错误码' }) code: string;
  @ApiProperty({ example: '提交的内容未通过校验，请按提示修改' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiProperty({ example: '0b6c9e8e-2f0e-4c55-9d7e-3b1c0b7f5a10' }) correlationId: string;
}

/** Documents the standard error body for the statuses every authenticated route can return. */
export function ApiErrorResponses(...extra: number[]) {
  const ref = { $ref: getSchemaPath(ErrorBodyDto) };
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto, FieldErrorDto),
    ...[401, 403, 404, 422, ...extra].map((status) => ApiResponse({ status, schema: ref })),
  );
}
