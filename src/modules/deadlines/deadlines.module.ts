import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarDayEntity } from './calendar-day.entity.js';
import { CalendarVersionEntity } from './calendar-version.entity.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';
import { ClockService } from './clock.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CalendarDayEntity, CalendarVersionEntity])],
  controllers: [CalendarController],
  providers: [CalendarService, ClockService],
  exports: [CalendarService, ClockService],
})
export class DeadlinesModule {}
