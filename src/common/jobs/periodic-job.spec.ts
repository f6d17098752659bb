import { jest } from '@jest/globals';
import { type JobLogger, PeriodicJob, type PeriodicJobOptions } from './periodic-job.js';

/** A run the test finishes by hand, so overlapping ticks can be observed without timing. */
function gate(): { promise: Promise<void>; open: () => void; fail: (e: Error) => void } {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets the job's promise chain settle (microtasks only; no real time passes). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function logger(): JobLogger & { errors: unknown[][]; warnings: unknown[][] } {
  const errors: unknown[][] = [];
  const warnings: unknown[][] = [];
  return { errors, warnings, error: (d, m) => errors.push([d, m]), warn: (d, m) => warnings.push([d, m]) };
}

describe('PeriodicJob', () => {
  afterEach(() => jest.useRealTimers());

  it('should run on every interval once started, and never after stop', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const job = new PeriodicJob({ everyMs: 1000, run: async () => void runs++, logger: logger(), failureMessage: 'x' }).start();
    expect(runs).toBe(0);
    jest.advanceTimersByTime(1000);
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(runs).toBe(2);
    await job.stop();
    jest.advanceTimersByTime(5000);
    await settle();
    job.kick();
    expect(runs).toBe(2);
    expect(job.stopped).toBe(true);
  });

  it('should start no timer when the interval is 0, but still run on kick', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const job = new PeriodicJob({ everyMs: 0, run: async () => void runs++, logger: logger(), failureMessage: 'x' }).start();
    jest.advanceTimersByTime(60_000);
    expect(runs).toBe(0);
    job.kick();
    await job.idle();
    expect(runs).toBe(1);
    await job.stop();
  });

  it('should skip ticks that come while a run is in progress', async () => {
    jest.useFakeTimers();
    const first = gate();
    let runs = 0;
    const job = new PeriodicJob({
      everyMs: 1000,
      run: () => (++runs === 1 ? first.promise : Promise.resolve()),
      logger: logger(),
      failureMessage: 'x',
    }).start();
    jest.advanceTimersByTime(1000);
    jest.advanceTimersByTime(1000);
    jest.advanceTimersByTime(1000);
    job.kick();
    expect(runs).toBe(1);
    first.open();
    await job.idle();
    expect(runs).toBe(1);
    jest.advanceTimersByTime(1000);
    await job.idle();
    expect(runs).toBe(2);
    await job.stop();
  });

  it('should run once more after the current run when kicked meanwhile, if asked to', async () => {
    const first = gate();
    let runs = 0;
    const options: PeriodicJobOptions = {
      everyMs: 0,
      run: () => (++runs === 1 ? first.promise : Promise.resolve()),
      logger: logger(),
      failureMessage: 'x',
      rerunIfKickedWhileRunning: true,
    };
    const job = new PeriodicJob(options);
    job.kick();
    job.kick();
    job.kick();
    first.open();
    await job.idle();
    expect(runs).toBe(2);
  });

  it('should log a failed run and keep running on the next tick', async () => {
    jest.useFakeTimers();
    const log = logger();
    let runs = 0;
    const job = new PeriodicJob({
      everyMs: 1000,
      run: async () => {
        if (++runs === 1) throw new Error('database went away');
      },
      logger: log,
      failureMessage: 'deadline scan failed',
    }).start();
    jest.advanceTimersByTime(1000);
    await job.idle();
    expect(log.errors).toEqual([[{ err: new Error('database went away') }, 'deadline scan failed']]);
    jest.advanceTimersByTime(1000);
    await job.idle();
    expect(runs).toBe(2);
    expect(log.errors).toHaveLength(1);
    await job.stop();
  });

  it('should log at warn level when asked to', async () => {
    const log = logger();
    const job = new PeriodicJob({ everyMs: 0, run: () => Promise.reject(new Error('stale')), logger: log, failureMessage: 'refresh failed', failureLevel: 'warn' });
    job.kick();
    await job.idle();
    expect([log.errors.length, log.warnings.length]).toEqual([0, 1]);
  });

  it('should wait for the run in progress when stopped', async () => {
    const run = gate();
    let finished = false;
    const job = new PeriodicJob({ everyMs: 0, run: () => run.promise.then(() => void (finished = true)), logger: logger(), failureMessage: 'x', runOnStart: true }).start();
    const stopping = job.stop();
    await settle();
    expect(finished).toBe(false);
    run.open();
    await stopping;
    expect(finished).toBe(true);
  });
});
