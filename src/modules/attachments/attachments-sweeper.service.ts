import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AttachmentsService } from './attachments.service.js';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Hourly, removes uploads never linked to a case after ATTACHMENT_UNLINKED_RETENTION_HOURS (uploads need no login,
 * so abandoned ones would otherwise pile up). Off where the deadline scanner is off (SCHEDULER_INTERVAL_SECONDS=0,
 * as in tests) or the retention is 0. Safe with several instances: each row is deleted once, each blob under a lock.
 */
@Injectable()
export class AttachmentsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AttachmentsSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly attachments: AttachmentsService,
  ) {}

  onApplicationBootstrap(): void {
    const hours = this.config.intake.attachmentUnlinkedRetentionHours;
    if (hours === 0 || this.config.scheduler.intervalSeconds === 0) return;
    this.timer = setInterval(() => void this.sweep(hours), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(hours: number): Promise<void> {
    this.running ??= this.attachments
      .sweepUnlinked(hours)
      .then(({ rows, blobs }) => {
        if (rows > 0) this.logger.log(`removed ${rows} abandoned uploads (${blobs} files) older than ${hours} h`);
      })
      .catch((e: unknown) => this.logger.error({ err: e }, 'sweeping abandoned uploads failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
