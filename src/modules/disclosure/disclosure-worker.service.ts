import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { Clock } from '../../common/time/clock.js';
import { DisclosureService } from './disclosure.service.js';
import { DisclosureSelfCheckService } from './disclosure-self-check.service.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

/** Seconds between two looks at the detection queue, where the scheduler runs. */
export const DETECTION_POLL_SECONDS = 5;

/**
 * Drains the detection queue (written with each new case, so nothing is lost by a crash) where the scheduler runs
 * (SCHEDULER_INTERVAL_SECONDS > 0): new applications are matched a few seconds after intake, outside its
 * transaction. Safe with several instances: queue rows are claimed with FOR UPDATE SKIP LOCKED. From 1 November it
 * also draws up each agency's self-check of the year, once (a unique row per agency and year).
 */
@Injectable()
export class DisclosureWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DisclosureWorker');
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly service: DisclosureService,
    private readonly selfChecks: DisclosureSelfCheckService,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob({ everyMs: DETECTION_POLL_SECONDS * 1000, run: () => this.runOnce(), logger: this.logger, failureMessage: 'disclosure detection failed' });
  }

  /** The day the November self-checks were last looked at (once a day is enough). */
  private selfChecksDay = '';

  onApplicationBootstrap(): void {
    if (this.config.scheduler.intervalSeconds > 0) this.job.start();
  }

  kick(): void {
    this.job.kick();
  }

  /** Detection of queued requests; once a day, the self-checks due from 1 November (with the heads' reminder). */
  async runOnce(): Promise<void> {
    await this.service.detectQueued(200);
    const today = this.clock.today();
    if (today !== this.selfChecksDay) {
      await this.selfChecks.novemberSelfChecks();
      this.selfChecksDay = today;
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
