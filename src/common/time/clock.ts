import { Injectable } from '@nestjs/common';

export const APP_TIME_ZONE = 'Asia/Shanghai';

const dateFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai, whatever the process time zone. */
export function shanghaiDate(instant: Date): string {
  return dateFormatter.format(instant);
}

/** "Now" is injected so that deadlines and tests are deterministic. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in Asia/Shanghai (YYYY-MM-DD). */
  today(): string {
    return shanghaiDate(this.now());
  }
}

/** A clock that stays where a test puts it. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date | string): void {
    this.instant = typeof instant === 'string' ? new Date(instant) : instant;
  }
}
