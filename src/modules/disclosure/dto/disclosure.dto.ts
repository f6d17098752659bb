import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { Type } from 'class-transformer';

export class GroupsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: '机关（默认本人所在机关；审计人员可查下级机关）' })
  @IsOptional() @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-11-01', description: '收到申请之日起（含）' })
  @IsOptional() @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-10-31', description: '收到申请之日止（含）' })
  @IsOptional() @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 2, description: '至少多少个不同申请人（默认1，即全部分组）' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  minApplicants?: number;
}

export class MergeGroupDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() otherGroupId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class SplitGroupDto {
  @ApiProperty({ type: [String], description: '拆出到新组的案件' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  caseIds: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class RemoveMemberDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId: string;
  @ApiProperty({ example: '申请的是另一批次的名单' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() trackingNumber: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) replyType: string | null;
  @ApiProperty({ description: '该成员的答复为不予公开' }) withheld: boolean;
  @ApiProperty({ description: '同一申请人再次申请（不计为新的申请人）' }) repeat: boolean;
}

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String], example: ['同一文号（江自然资征〔2024〕40号）', '同一地点和年份（李庄，2023年）'] }) reasons: string[];
  @ApiProperty({ type: [GroupMemberDto] }) members: GroupMemberDto[];
  @ApiProperty() memberCount: number;
  @ApiProperty() distinctApplicants: number;
  @ApiProperty({ format: 'date' }) firstReceivedOn: string;
  @ApiProperty({ format: 'date' }) lastReceivedOn: string;
  @ApiProperty({ type: [String] }) replyTypes: string[];
  @ApiProperty({ description: '有成员的答复为不予公开：不得公开不应公开的信息' }) withheld: boolean;
  @ApiProperty() threshold: number;
  @ApiProperty() reachesThreshold: boolean;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) decision: Record<string, unknown> | null;
}

export class BackfillResultDto {
  @ApiProperty() queued: number;
  @ApiProperty() processed: number;
  @ApiProperty() clusters: number;
}

export class PublicationInputDto {
  @ApiProperty({ example: '前锋村2025年征地补偿安置方案' }) @IsString() @MinLength(2) @MaxLength(200) title: string;
  @ApiPropertyOptional({ example: '示县自然资规〔2026〕3号' }) @IsOptional() @IsString() @MaxLength(100) documentNumber?: string;
  @ApiProperty({ enum: ['WEBSITE', 'GAZETTE', 'READING_ROOM', 'OTHER'] }) @IsIn(['WEBSITE', 'GAZETTE', 'READING_ROOM', 'OTHER']) channel: 'WEBSITE' | 'GAZETTE' | 'READING_ROOM' | 'OTHER';
  @ApiProperty({ example: '示例县人民政府网站·政府信息公开·征地信息栏目' }) @IsString() @MinLength(2) @MaxLength(500) location: string;
  @ApiPropertyOptional({ example: 'https://www.slx.gov.cn/zwgk/zdxx/2026/03/t1.html' }) @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(500) url?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-10', description: '已公开之日；未填为已决定、待公开' }) @IsOptional() @IsDateString({ strict: true }) publishedOn?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['PUBLISH', 'NOT_PUBLISH', 'REVIEW_LATER'] }) @IsIn(['PUBLISH', 'NOT_PUBLISH', 'REVIEW_LATER']) kind: 'PUBLISH' | 'NOT_PUBLISH' | 'REVIEW_LATER';
  @ApiPropertyOptional({ type: PublicationInputDto }) @IsOptional() @NestedObject(() => PublicationInputDto) publication?: PublicationInputDto;
  @ApiPropertyOptional({ enum: ['NOT_DISCLOSABLE', 'ALREADY_PUBLIC', 'INDIVIDUAL_INTEREST', 'OTHER'] })
  @IsOptional() @IsIn(['NOT_DISCLOSABLE', 'ALREADY_PUBLIC', 'INDIVIDUAL_INTEREST', 'OTHER'])
  reason?: 'NOT_DISCLOSABLE' | 'ALREADY_PUBLIC' | 'INDIVIDUAL_INTEREST' | 'OTHER';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) text?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-06-01' }) @IsOptional() @IsDateString({ strict: true }) reviewOn?: string;
  @ApiPropertyOptional({ description: '有不予公开答复的分组决定公开时，说明情势变化后可以公开的理由' }) @IsOptional() @IsString() @MinLength(2) @MaxLength(2000) withheldReviewNote?: string;
}

export class MarkPublishedDto {
  @ApiProperty({ format: 'date', example: '2026-03-10' }) @IsDateString({ strict: true }) publishedOn: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(500) url?: string;
}

export class PublicationSearchDto {
  @ApiProperty({ example: '前锋村征地补偿方案', maxLength: 200 }) @IsString() @MaxLength(200) q: string;
  @ApiPropertyOptional({ example: 'SLXZR' }) @IsOptional() @IsString() @MaxLength(40) agencyCode?: string;
}

export class SuggestionDto {
  @ApiProperty({ example: '该补偿方案涉及全村村民利益，需要公众广泛知晓' }) @IsString() @MinLength(2) @MaxLength(2000) reason: string;
}

export class SuggestionReviewDto {
  @ApiProperty() @IsBoolean() accept: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ type: PublicationInputDto }) @IsOptional() @NestedObject(() => PublicationInputDto) publication?: PublicationInputDto;
}

export class SelfCheckQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agencyId?: string;
}

export class SelfCheckConclusionDto {
  @ApiProperty({ example: 'case:…', description: '自查项的 key' }) @IsString() @MaxLength(100) key: string;
  @ApiProperty({ enum: ['STILL_WITHHELD', 'PUBLISH', 'ALREADY_PUBLIC'] }) @IsIn(['STILL_WITHHELD', 'PUBLISH', 'ALREADY_PUBLIC']) conclusion: 'STILL_WITHHELD' | 'PUBLISH' | 'ALREADY_PUBLIC';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
