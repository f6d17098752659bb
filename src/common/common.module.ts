import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ContentTypeInterceptor } from './http/content-type.interceptor.js';
import { Clock } from './time/clock.js';

/** Cross-cutting providers. Tests pass their own Clock to freeze "now". */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: CommonModule, providers: [{ provide: Clock, useValue: clock }, { provide: APP_INTERCEPTOR, useClass: ContentTypeInterceptor }], exports: [Clock] };
  }
}
