/**
 * The stack's ledger: its state.json (stack/state-file.ts), kept up to date the moment anything starts, so that
 * every way the run ends (shutdown, the exit handler, the watchdog, the next start) knows each process and folder the
 * stack made. Once the stack is stopping, writes stop (its dir may be going).
 */
import { recordProcess } from '../process-ledger.ts';
import { writeState, writeStateSync, type StackState } from '../state-file.ts';

export class StackLedger {
  readonly state: StackState;
  private readonly stateFile: string;
  private readonly startedAt = Date.now();
  /** Set when shutdown starts: nothing is written any more, and whatever starts after that is stopped at once. */
  stopping = false;

  /** `state` is kept and written to `stateFile` (an absolute path inside the temp dir). */
  constructor(state: StackState, stateFile: string) {
    this.state = state;
    this.stateFile = stateFile;
  }

  /** Writes state.json (atomically: stack/state-file.ts), unless the stack is stopping. */
  async save(): Promise<void> {
    if (this.stopping) return;
    await writeState(this.stateFile, this.state);
  }

  /** Writes state.json at once, synchronously, unless the stack is stopping or stopped; never throws. */
  saveSync(): void {
    if (this.stopping || this.state.status === 'stopped') return;
    try {
      writeStateSync(this.stateFile, this.state);
    } catch {
      /* the dir is being removed */
    }
  }

  /** Writes state.json whatever the stack is doing (shutdown's own records); never throws. */
  async saveAnyway(): Promise<void> {
    await writeState(this.stateFile, this.state).catch(() => undefined);
  }

  /** A service's process just started: its pid goes into state.json at once (every cleanup path reads it there). */
  register(service: string, pid: number): void {
    this.state.services[service] = { ...(this.state.services[service] ?? { status: 'starting' }), pid };
    this.registerProcess(service, pid);
  }

  /** Any process the stack started (a service's, or the pristine cluster's builder): recorded with its start time. */
  registerProcess(name: string, pid: number): void {
    (this.state.processes ??= []).push(recordProcess(name, pid));
    this.saveSync();
  }

  /** A folder outside the temp dir that the stack is making: removed on every way the run ends until released. */
  registerDir(dir: string): void {
    (this.state.extraDirs ??= []).push(dir);
    this.saveSync();
  }

  releaseDir(dir: string): void {
    this.state.extraDirs = (this.state.extraDirs ?? []).filter((d) => d !== dir);
    this.saveSync();
  }

  /** Records `name`'s time in state.json's timings: ms since the stack was created. */
  timing(name: string): void {
    this.state.timings[name] = Date.now() - this.startedAt;
  }
}
