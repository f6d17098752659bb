import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ReadDatabase } from '../../database/read-database.js';
import { ArchiveWorkflowService } from '../archive/archive-workflow.service.js';

const PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly archive: ArchiveWorkflowService,
    private readonly reads: ReadDatabase,
  ) {}

  @Get()
  @ApiOperation({ summary: '存活检查（进程在运行）' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查（主库可用即就绪；配置了只读副本而副本不可达时为 degraded，仍为 200）' })
  @HealthCheck()
  async ready() {
    // Without a replica there is no second pool and nothing more to ping.
    const replica: HealthIndicatorFunction[] = this.reads.state().configured ? [() => this.replicaCheck()] : [];
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
        ...replica,
        // The archive's integrity sweep: its failures show in the detail, never in the status (the service still serves).
        async () => ({ archive: { status: 'up' as const, ...(await this.archive.healthDetail().catch(() => ({ lastSweepAt: null, ok: null, failures: 0 }))) } }),
      ]);
    } catch (err) {
      // The standard error body with a code a load balancer's operator can read, and 503 (not the filter's 500).
      if (err instanceof ServiceUnavailableException) throw new AppException('DATABASE_UNAVAILABLE');
      throw err;
    }
  }

  /**
   * The replica is not a reason to take the instance out of a load balancer: every instance shares it, and its reads
   * go to the primary meanwhile (ReadDatabase). Down, it is reported `degraded` (the answer stays 200, status
   * `degraded`) with what an operator needs: since when, the error, and where those reads go now.
   */
  private async replicaCheck() {
    const check = this.indicators.check('databaseRead');
    const state = await this.reads.probe(PING_TIMEOUT_MS);
    if (state.configured && !state.up) return check.degraded({ since: state.since.toISOString(), error: state.error, readsFrom: 'primary', message: '只读副本不可达：统计、年度报告和档案检索暂由主库读取' });
    return check.up();
  }
}
