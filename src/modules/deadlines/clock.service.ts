import { Injectable } from '@nestjs/common';
import { type AgencySettings } from '../agencies/agency-settings.js';
import { CalendarService } from './calendar.service.js';
import { type CaseClock, type ClockEvent, type ClockSettings, computeClock, validateClockEvent, type WorkingCalendar } from './domain/index.js';

export interface ClockFacts {
  receiptDate: string;
  events: readonly ClockEvent[];
  settings: AgencySettings;
}

/** The agency's settings that are clock settings (their defaults are in src/common/statutory-limits.ts). */
export function clockSettingsOf(settings: AgencySettings): Partial<ClockSettings> {
  return { correctionWindowWorkdays: settings.correctionWindowWorkdays, feeNoticePausesClock: settings.feeNoticePausesClock };
}

/** Wires the pure clock to the calendar in force. */
@Injectable()
export class ClockService {
  constructor(private readonly calendars: CalendarService) {}

  async compute(facts: ClockFacts, today: string, calendar?: WorkingCalendar): Promise<CaseClock> {
    return computeClock(
      { receiptDate: facts.receiptDate, events: facts.events, today, settings: clockSettingsOf(facts.settings) },
      calendar ?? (await this.calendars.current()),
    );
  }

  /** Throws ClockRuleError when the event would break a clock rule (e.g. a second extension). */
  async validate(facts: ClockFacts, event: ClockEvent, today: string): Promise<CaseClock> {
    return validateClockEvent(
      { receiptDate: facts.receiptDate, events: facts.events, today, settings: clockSettingsOf(facts.settings) },
      event,
      await this.calendars.current(),
    );
  }
}
