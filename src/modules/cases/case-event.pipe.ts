import { Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppException } from '../../common/errors/app.exception.js';
import { validationException } from '../../common/errors/validation-errors.js';
import { assertSafeInput } from '../../common/validation/safe-input.js';
import { type CaseEventCommandDto, COMMAND_DTO_BY_TYPE } from './dto/case-event-commands.dto.js';
import { CASE_EVENT_TYPES, type CaseEventType } from './workflow/case-event.js';

const isEventType = (value: unknown): value is CaseEventType => typeof value === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(value);

/** Validates a case event command against the DTO of its `type` (one DTO per event, discriminated by type). */
@Injectable()
export class CaseEventPipe implements PipeTransform<unknown, Promise<CaseEventCommandDto>> {
  async transform(body: unknown): Promise<CaseEventCommandDto> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw AppException.invalidField('type', 'REQUIRED', '必填');
    }
    const type = (body as { type?: unknown }).type;
    if (!isEventType(type)) {
      throw AppException.invalidField('type', type === undefined ? 'REQUIRED' : 'INVALID_ENUM', type === undefined ? '必填' : '不支持的事件类型');
    }
    assertSafeInput(body);
    const dto = plainToInstance(COMMAND_DTO_BY_TYPE[type], body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) throw validationException(errors);
    return dto;
  }
}
