import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { PrincipalDirectory } from '../../common/auth/principal-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { LoginThrottleEntity } from './login-throttle.entity.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { LoginThrottle } from './login-throttle.service.js';
import { UserPrincipalCache } from './user-principal-cache.js';
import { UserEntity } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, LoginThrottleEntity]), AgenciesModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordHasher, LoginThrottleRepository, LoginThrottle, { provide: PrincipalDirectory, useClass: UserPrincipalCache }],
  exports: [UsersService, UsersRepository, PasswordHasher, LoginThrottle, PrincipalDirectory],
})
export class UsersModule {}
