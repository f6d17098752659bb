import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AttachmentsService } from './attachments.service.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Hourly, removes uploads never linked to a case after ATTACHMENT_UNLINKED_RETENTION_HOURS (uploads need no login,
 * so abandoned ones would otherwise pile up). Off where the deadline scanner is off (SCHEDULER_INTERVAL_SECONDS=0,
 * as in tests) or the retention is 0. Safe with several instances: each row is deleted once, each blob under a lock.
 */
@Injectable()
export class AttachmentsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AttachmentsSweeper');
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly attachments: AttachmentsService,
  ) {
    this.job = new PeriodicJob({ everyMs: SWEEP_EVERY_MS, run: () => this.sweep(), logger: this.logger, failureMessage: 'sweeping abandoned uploads failed' });
  }

  onApplicationBootstrap(): void {
    if (this.config.intake.attachmentUnlinkedRetentionHours === 0 || this.config.scheduler.intervalSeconds === 0) return;
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  private async sweep(): Promise<void> {
    const hours = this.config.intake.attachmentUnlinkedRetentionHours;
    const { rows, blobs } = await this.attachments.sweepUnlinked(hours);
    if (rows > 0) this.logger.log(`removed ${rows} abandoned uploads (${blobs} files) older than ${hours} h`);
  }
}
