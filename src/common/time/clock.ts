import { Injectable } from '@nestjs/common';
import { shanghaiDate } from './shanghai-date.js';

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
