import { Injectable } from '@nestjs/common';

/** The one source of "now" for domain code; tests replace it with a FixedClock. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that starts at a given instant and runs on in real time. `CLOCK_START` gives one to a
 * whole process, so the child processes a test starts share the test's calendar (which week it is,
 * which digests are due) instead of the machine's date, while leases and back-offs still expire.
 */
export class StartedClock extends Clock {
  private readonly offsetMs: number;
  constructor(start: Date) {
    super();
    this.offsetMs = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The process's clock: `CLOCK_START` (an ISO instant, for tests and demos) or the system's. */
export function processClock(start: string | undefined): Clock {
  return start ? new StartedClock(new Date(start)) : new SystemClock();
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
