import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';

export class GroupsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: '机关（默认本人所在机关；审计人员可查下级机关）' })
  @IsOptional() @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ example: '2025-11-01', description: '收到申请之日起（含）' })
  @IsOptional() @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: '收到申请之日止（含）' })
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
  @ApiProperty() receivedOn: string;
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
  @ApiProperty() firstReceivedOn: string;
  @ApiProperty() lastReceivedOn: string;
  @ApiProperty({ type: [String] }) replyTypes: string[];
  @ApiProperty({ description: '有成员的答复为不予公开：不得公开不应公开的信息' }) withheld: boolean;
  @ApiProperty() threshold: number;
  @ApiProperty() reachesThreshold: boolean;
  @ApiProperty({ nullable: true, type: Object }) decision: Record<string, unknown> | null;
}

export class BackfillResultDto {
  @ApiProperty() queued: number;
  @ApiProperty() processed: number;
  @ApiProperty() clusters: number;
}
