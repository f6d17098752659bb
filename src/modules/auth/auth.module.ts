import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard } from '../../common/auth/auth.guard.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController, MeController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshTokenEntity]),
    UsersModule,
    AgenciesModule,
    NotificationsModule,
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      // A KeyObject built once. Given a string, jsonwebtoken first tries to parse it as a PEM key on every sign and
      // verify (a thrown error each time, ~0.4 ms per authenticated request) before taking it as the HMAC secret.
      // Same key bytes (UTF-8), so the same HS256 signatures.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.auth.jwtSecret)), signOptions: { algorithm: 'HS256', issuer: 'gongkai' }, verifyOptions: { algorithms: ['HS256'], issuer: 'gongkai' } }),
    }),
  ],
  controllers: [AuthController, MeController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
