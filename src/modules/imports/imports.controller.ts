import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { type ImportJobDto, ImportsService } from './imports.service.js';

/** The media types an import file may be posted as (the body is the file itself). */
export const IMPORT_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain'];
/** An import file with its replies' PDFs (base64) is larger than any other request body. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

@ApiTags('imports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @RequireAnyPermission(Permission.CASE_IMPORT)
  @ApiOperation({ summary: '历史导入：上传 JSON Lines 文件（每行一件案件），后台逐行导入（202，返回任务；进度见 GET /imports/{id}）' })
  @ApiConsumes(...IMPORT_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', example: '{"externalId":"2025-001","agency":"SLXZR", …}\n' } })
  @ApiQuery({ name: 'filename', required: false, description: '文件名（显示在导入记录中）' })
  async start(@CurrentUser() user: AuthUser, @Req() req: Request, @Query('filename') filename?: string): Promise<ImportJobDto> {
    const content = await readImportFile(req);
    return this.imports.start(user, typeof filename === 'string' && filename.trim() ? filename.trim() : 'import.jsonl', content);
  }

  @Get()
  @RequireAnyPermission(Permission.CASE_IMPORT)
  @ApiOperation({ summary: '最近的导入任务' })
  list(): Promise<ImportJobDto[]> {
    return this.imports.latest();
  }

  @Get(':id')
  @RequireAnyPermission(Permission.CASE_IMPORT)
  @ApiOperation({ summary: '导入任务的进度和结果：逐行的错误（行号、字段、原因）和已导入的案件' })
  status(@Param('id', UuidParamPipe) id: string): Promise<ImportJobDto> {
    return this.imports.status(id);
  }
}

/**
 * The file is the request body. The app parses only JSON and form bodies, so a JSON Lines body is still unread here:
 * it is read as UTF-8 up to IMPORT_MAX_BYTES (beyond: 413, nothing stored).
 */
async function readImportFile(req: Request): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!IMPORT_MEDIA_TYPES.includes(type) || req.readableEnded) throw new AppException('UNSUPPORTED_MEDIA_TYPE', undefined, '请以 application/x-ndjson 上传 JSON Lines 文件（每行一个 JSON 对象）');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > IMPORT_MAX_BYTES) throw new AppException('PAYLOAD_TOO_LARGE', undefined, `导入文件不能超过${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
