/**
 * A service process that can be stopped and started again on the same port with the same data, for the fault
 * specs (tests/faults/): stop = the process's graceful stop; start = the same command again, registered with the
 * stack (so every cleanup path knows the new pid) and ready by the same check.
 */
import { ManagedProcess, type ManagedProcessOptions } from './managed-process.ts';
import { waitUntilReady } from './readiness.ts';

export interface RestartableOptions {
  process: ManagedProcessOptions;
  /** The readiness check (the same one the first start used). */
  ready: () => Promise<void>;
  what: string;
  deadlineMs: number;
  graceMs: number;
  register: (pid: number) => void;
}

export class Restartable {
  current: ManagedProcess;
  private readonly o: RestartableOptions;

  constructor(first: ManagedProcess, o: RestartableOptions) {
    this.current = first;
    this.o = o;
  }

  get pid(): number {
    return this.current.pid;
  }

  stop(): Promise<void> {
    return this.current.stop(this.o.graceMs);
  }

  /** Starts the process again (after stop()) and waits until it is ready; returns the new pid. */
  async start(): Promise<number> {
    if (this.current.running) throw new Error(`${this.o.process.name} is still running: stop it first`);
    this.current = ManagedProcess.start(this.o.process);
    this.o.register(this.current.pid);
    await waitUntilReady(this.o.ready, { service: this.o.process.name, what: this.o.what, deadlineMs: this.o.deadlineMs, logFile: this.o.process.logFile, process: this.current });
    return this.current.pid;
  }
}
