import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './time/clock.js';

/** Cross-cutting providers. Tests pass their own Clock to freeze "now". */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: CommonModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
