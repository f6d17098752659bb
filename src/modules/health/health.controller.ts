import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { InjectReadDataSource } from '../../database/read-data-source.js';
import { ArchiveWorkflowService } from '../archive/archive-workflow.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly archive: ArchiveWorkflowService,
    private readonly primary: DataSource,
    /** The read replica (DATABASE_READ_URL); without one it is the primary itself. */
    @InjectReadDataSource() private readonly read: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: '存活检查（进程在运行）' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查（数据库可用；配置了只读副本时也检查副本）' })
  @HealthCheck()
  async ready() {
    // Statistics, the annual report and the archive search depend on the replica: an instance whose replica is
    // unreachable is not ready either. Without a replica there is no second pool and nothing more to ping.
    const replica: HealthIndicatorFunction[] = this.read === this.primary ? [] : [() => this.db.pingCheck('databaseRead', { connection: this.read, timeout: 2000 })];
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        ...replica,
        // The archive's integrity sweep: its failures show in the detail, never in the status (the service still serves).
        async () => ({ archive: { status: 'up' as const, ...(await this.archive.healthDetail().catch(() => ({ lastSweepAt: null, ok: null, failures: 0 }))) } }),
      ]);
    } catch (err) {
      // The standard error body with a code a load balancer's operator can read, and 503 (not the filter's 500);
      // the code names the database that is down (the primary when both are).
      const down = err instanceof ServiceUnavailableException ? Object.keys((err.getResponse() as HealthCheckResult).error ?? {}) : [];
      throw new AppException(down.includes('databaseRead') && !down.includes('database') ? 'DATABASE_READ_UNAVAILABLE' : 'DATABASE_UNAVAILABLE');
    }
  }
}
