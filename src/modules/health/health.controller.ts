import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ArchiveWorkflowService } from '../archive/archive-workflow.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly archive: ArchiveWorkflowService,
  ) {}

  @Get()
  @ApiOperation({ summary: '存活检查（进程在运行）' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查（数据库可用）' })
  @HealthCheck()
  async ready() {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        // The archive's integrity sweep: its failures show in the detail, never in the status (the service still serves).
        async () => ({ archive: { status: 'up' as const, ...(await this.archive.healthDetail().catch(() => ({ lastSweepAt: null, ok: null, failures: 0 }))) } }),
      ]);
    } catch {
      // The standard error body with a code a load balancer's operator can read, and 503 (not the filter's 500).
      throw new AppException('DATABASE_UNAVAILABLE');
    }
  }
}
