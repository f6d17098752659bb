import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { noteDatabaseOutage } from '../../common/errors/database-unavailable.js';
import { guardConnections } from '../../database/connection-guard.js';

/**
 * Guards the primary's pool (see guardConnections): a connection lost while in use is logged and marks the outage,
 * so that the errors it leaves behind are answered 503 rather than 500. The read replica's pool is guarded by
 * ReadDatabase, which sends reads to the primary while the replica is lost.
 */
@Injectable()
export class ConnectionErrorListener implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    guardConnections(this.dataSource, this.logger, () => noteDatabaseOutage());
  }
}
