import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { trimString } from '../../../common/validation/transforms.js';
import type { DayKind } from '../domain/index.js';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' }) @IsIsoDate() date: string;

  @ApiProperty({ enum: ['DAY_OFF', 'MAKEUP_WORKDAY'], description: '放假日，或调休上班日（周六、周日）' })
  @IsIn(['DAY_OFF', 'MAKEUP_WORKDAY'])
  kind: 'DAY_OFF' | 'MAKEUP_WORKDAY';

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(40)
  name?: string;
}

export class ImportCalendarYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）', description: '来源' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(200)
  source: string;

  @ApiPropertyOptional({ example: '依据通知录入' })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ type: [CalendarDayDto], description: '只列例外：放假日（含周末）与调休上班日。与 ics 二选一' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @NestedObject(() => CalendarDayDto, { each: true })
  days?: CalendarDayDto[];

  @ApiPropertyOptional({
    description:
      'iCalendar（.ics）文件内容，与 days 二选一：每个全天事件（VALUE=DATE，DTEND不含）为一段放假或一个调休上班日，SUMMARY 或 CATEGORIES 写明“休/放假/假”或“班/补班/上班”，如“春节 休”“春节补班”；只取该年的日期',
    example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:2027-spring\r\nSUMMARY:春节 休\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270215\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    maxLength: 500_000,
  })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500_000)
  ics?: string;
}

export class CalendarDayInfoDto {
  @ApiProperty({ example: '2026-02-16' }) date: string;
  @ApiProperty({ enum: ['WORKDAY', 'DAY_OFF', 'MAKEUP_WORKDAY'] }) kind: DayKind;
  @ApiPropertyOptional({ example: '春节' }) name?: string;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ description: '未公布放假安排、按法定节假日临时推算' }) provisional: boolean;
  @ApiProperty() source: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) version: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) importedAt: Date | null;
  @ApiProperty({ type: [CalendarDayInfoDto] }) days: CalendarDayInfoDto[];
}

export class CalendarVersionDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty() source: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note: string | null;
  @ApiProperty() dayCount: number;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) createdById: string | null;
  @ApiProperty({ description: '因本次变更而调整答复期限的未结案件数' }) casesRecomputed: number;
  @ApiProperty() createdAt: Date;
}

export class YearParam {
  @ApiProperty({ example: 2027 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt() @Min(2000) @Max(2060)
  year: number;
}

export class VersionsQuery {
  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt() @Min(2000) @Max(2060)
  year?: number;
}

export class AddWorkdaysQuery {
  @ApiProperty({ example: '2026-09-25' }) @IsIsoDate() date: string;

  @ApiProperty({ example: 20 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt() @Min(1) @Max(400)
  n: number;
}

export class AddWorkdaysDto {
  @ApiProperty({ example: '2026-09-25' }) date: string;
  @ApiProperty({ example: 20 }) n: number;
  @ApiProperty({ example: '2026-10-30', description: '该日之后的第n个工作日（该日不计入）' }) result: string;
  @ApiProperty() provisional: boolean;
}
