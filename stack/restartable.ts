/**
 * A service process of the stack, started by its readiness check and able to start again: `start` launches it,
 * registers its pid with the stack at once (so every cleanup path knows it), waits for its readiness check with a
 * deadline and stops it when that fails; `stop` is its graceful stop; `restart` (fault specs) launches the same
 * command again on the same port with the same data and waits for the same check.
 */
import { ManagedProcess, type ManagedProcessOptions } from './managed-process.ts';
import { waitUntilReady } from './readiness.ts';

export interface RestartableOptions {
  process: ManagedProcessOptions;
  /** The readiness check. */
  ready: () => Promise<unknown>;
  what: string;
  /** The name readiness errors give (default: the process's name). */
  service?: string;
  deadlineMs: number;
  graceMs: number;
  register: (pid: number) => void;
}

export class Restartable {
  current: ManagedProcess;
  private readonly o: RestartableOptions;

  private constructor(first: ManagedProcess, o: RestartableOptions) {
    this.current = first;
    this.o = o;
  }

  /** Launches the process and resolves once it is ready (a failure stops it and rejects). */
  static async start(o: RestartableOptions): Promise<Restartable> {
    const r = new Restartable(ManagedProcess.start(o.process), o);
    o.register(r.pid);
    try {
      await r.waitReady();
    } catch (e) {
      await r.current.stop(1000);
      throw e;
    }
    return r;
  }

  get pid(): number {
    return this.current.pid;
  }

  stop(): Promise<void> {
    return this.current.stop(this.o.graceMs);
  }

  /** Starts the process again (after stop()) and waits until it is ready; returns the new pid. */
  async restart(): Promise<number> {
    if (this.current.running) throw new Error(`${this.o.process.name} is still running: stop it first`);
    this.current = ManagedProcess.start(this.o.process);
    this.o.register(this.current.pid);
    await this.waitReady();
    return this.current.pid;
  }

  private waitReady(): Promise<void> {
    const o = this.o;
    return waitUntilReady(
      async () => {
        await o.ready();
      },
      {
        service: o.service ?? o.process.name,
        what: o.what,
        deadlineMs: o.deadlineMs,
        logFile: o.process.logFile,
        process: this.current,
      },
    );
  }
}
