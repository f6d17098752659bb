/** Where a job reports a failed run: Nest's Logger (backed by pino) fits. */
export interface JobLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface PeriodicJobOptions {
  /** Milliseconds between runs; 0 or less starts no timer (kick() still runs the job on demand). */
  everyMs: number;
  /** One run. Rows it works on are claimed inside it (FOR UPDATE SKIP LOCKED, unique claim rows), so several
   * instances running the same job never handle the same row twice; the helper itself only orders runs within
   * one process. */
  run: () => Promise<unknown>;
  logger: JobLogger;
  /** Logged with the error when a run fails; the job keeps its schedule. */
  failureMessage: string;
  /** `warn` for a failure the next run repairs by itself (a refresh), `error` (default) otherwise. */
  failureLevel?: 'error' | 'warn';
  /**
   * Off (default): a tick or kick while a run is in progress is skipped. On: it is remembered and one more run
   * follows the current one (for work that arrives while a run is busy, e.g. mail committed meanwhile).
   */
  rerunIfKickedWhileRunning?: boolean;
  /** Run once as soon as the job starts (work left from before a restart). */
  runOnStart?: boolean;
}

/**
 * One background loop: a timer that does not keep the process alive, never two runs at once in this process,
 * a failed run logged without stopping the loop, and a stop that waits for the run in progress (called from
 * onModuleDestroy, so shutdown never cuts a transaction short).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private kickedWhileRunning = false;
  private halted = false;

  constructor(private readonly options: PeriodicJobOptions) {}

  /** Starts the timer (when everyMs > 0), and a first run if runOnStart. */
  start(): this {
    if (this.halted || this.timer) return this;
    if (this.options.everyMs > 0) {
      this.timer = setInterval(() => this.kick(), this.options.everyMs);
      this.timer.unref();
    }
    if (this.options.runOnStart) this.kick();
    return this;
  }

  /** Runs the job now in the background, unless a run is in progress (see rerunIfKickedWhileRunning) or stopped. */
  kick(): void {
    if (this.halted) return;
    if (this.current) {
      if (this.options.rerunIfKickedWhileRunning) this.kickedWhileRunning = true;
      return;
    }
    this.current = this.runUntilQuiet().finally(() => (this.current = undefined));
  }

  /** Whether stop() was called: long runs check it between batches and end early. */
  get stopped(): boolean {
    return this.halted;
  }

  /** Resolves once no run is in progress. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** No further runs; waits for the one in progress. */
  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private async runUntilQuiet(): Promise<void> {
    do {
      this.kickedWhileRunning = false;
      try {
        await this.options.run();
      } catch (e) {
        const level = this.options.failureLevel ?? 'error';
        this.options.logger[level]({ err: e }, this.options.failureMessage);
        return;
      }
    } while (this.kickedWhileRunning && !this.halted);
  }
}
