import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ArchiveModule } from '../archive/archive.module.js';
import { ConnectionErrorListener } from './connection-error-listener.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ArchiveModule],
  controllers: [HealthController],
  providers: [ConnectionErrorListener],
})
export class HealthModule {}
