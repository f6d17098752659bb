import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, RouterModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { CommonModule } from './common/common.module.js';
import type { Clock } from './common/time/clock.js';
import { GlobalExceptionFilter } from './common/errors/global-exception.filter.js';
import { API_PREFIX } from './common/http/api-prefix.js';
import { loggerParams } from './common/http/logging.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { typeOrmOptions } from './database/typeorm-options.js';
import { ReadDatabaseModule } from './database/read-database.js';
import { AgenciesModule } from './modules/agencies/agencies.module.js';
import { ArchiveModule } from './modules/archive/archive.module.js';
import { AttachmentsModule } from './modules/attachments/attachments.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { PasswordResetModule } from './modules/auth/password-reset/password-reset.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { DeadlinesModule } from './modules/deadlines/deadlines.module.js';
import { DeadlineScannerModule } from './modules/deadline-scanner/deadline-scanner.module.js';
import { LegalModule } from './modules/legal/legal.module.js';
import { DisclosureModule } from './modules/disclosure/disclosure.module.js';
import { DocumentsModule } from './modules/documents/documents.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IntakeModule } from './modules/intake/intake.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { RepliesModule } from './modules/replies/replies.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { StorageModule } from './modules/storage/storage.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { WebModule } from './modules/web/web.module.js';
import { StaffReportsModule } from './modules/web/staff-reports.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { StaffImportsModule } from './modules/web/staff-imports.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database actually used: DATABASE_URL, or the embedded server's URL. */
  databaseUrl: string;
  /** Tests inject a FixedClock; the service uses the system clock. */
  clock?: Clock;
}

/**
 * The modules whose controllers serve the JSON API, mounted under API_PREFIX. Every other route (the pages, /health)
 * is mounted as declared. A prefix per module rather than a global prefix with the pages excluded from it: NestJS
 * mounts a middleware declared for every route (the request logger) once more on each route excluded from a global
 * prefix. Every page request was then logged twice, and Express matched every API request against those few hundred
 * layers before its own route.
 */
const API_MODULES = [
  AgenciesModule,
  UsersModule,
  AuthModule,
  PasswordResetModule,
  DeadlinesModule,
  CasesModule,
  AttachmentsModule,
  NotificationsModule,
  IntakeModule,
  RepliesModule,
  DocumentsModule,
  ArchiveModule,
  ReportsModule,
  DisclosureModule,
  ImportsModule,
];

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot({
          ...typeOrmOptions({ url: databaseUrl, poolSize: config.database.poolSize, runMigrations: config.database.runMigrations, connectTimeoutMs: config.database.connectTimeoutMs }),
          retryAttempts: 3,
        }),
        ReadDatabaseModule.forRoot(),
        CommonModule.forRoot(clock),
        StorageModule,
        HealthModule,
        AgenciesModule,
        UsersModule,
        AuthModule,
        DeadlinesModule,
        CasesModule,
        DeadlineScannerModule,
        LegalModule,
        NotificationsModule,
        IntakeModule,
        RepliesModule,
        DocumentsModule,
        ArchiveModule,
        PasswordResetModule,
        WebModule,
        ReportsModule,
        StaffReportsModule,
        DisclosureModule,
        ImportsModule,
        StaffImportsModule,
        RouterModule.register(API_MODULES.map((module) => ({ path: API_PREFIX, module }))),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
