import { openSync, closeSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: Record<string, string | undefined>;
  /** Replace the environment instead of extending this process's. */
  extendEnv?: boolean;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** The signal that asks this program to stop gracefully (PostgreSQL: SIGINT = fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/**
 * A child process this stack owns: its own process group (so a stop reaches its children and a Ctrl-C in the
 * terminal does not race our ordered shutdown), output appended to its log file, stop = graceful signal,
 * then SIGKILL of the whole group after a grace period.
 */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | undefined;
  private readonly stopSignal: NodeJS.Signals;

  private constructor(opts: ManagedProcessOptions, child: ResultPromise) {
    this.name = opts.name;
    this.logFile = opts.logFile;
    this.stopSignal = opts.stopSignal ?? 'SIGTERM';
    if (child.pid === undefined) throw new Error(`${opts.name}: could not start ${opts.command}`);
    this.pid = child.pid;
    this.exited = child.then(
      (r) => (this.exitInfo = { code: r.exitCode ?? null, signal: r.signal ?? null }),
      (e: { exitCode?: number; signal?: string }) =>
        (this.exitInfo = { code: e.exitCode ?? null, signal: e.signal ?? null }),
    );
  }

  static start(opts: ManagedProcessOptions): ManagedProcess {
    closeSync(openSync(opts.logFile, 'a', 0o600));
    try {
      const child = execa(opts.command, opts.args, {
        stdin: 'ignore',
        stdout: { file: opts.logFile, append: true },
        stderr: { file: opts.logFile, append: true },
        env: opts.env,
        extendEnv: opts.extendEnv ?? true,
        cwd: opts.cwd,
        uid: opts.uid,
        gid: opts.gid,
        detached: true,
        cleanup: false,
        reject: false,
      });
      const proc = new ManagedProcess(opts, child);
      child.catch(() => undefined);
      return proc;
    } catch (e) {
      throw new Error(`${opts.name}: could not start ${opts.command}: ${(e as Error).message}`, { cause: e });
    }
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  describeExit(): string {
    const e = this.exitInfo;
    if (!e) return 'still running';
    return e.signal ? `killed by ${e.signal}` : `exited with code ${e.code}`;
  }

  /** Sends a signal to the whole process group; ignores a group that is already gone. */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      /* already gone */
    }
  }

  /** Graceful stop, then SIGKILL of the group after `graceMs`. Idempotent. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.running) {
      this.signalGroup(this.stopSignal);
      const timer = new Promise<'timeout'>((r) => setTimeout(r, graceMs, 'timeout').unref());
      if ((await Promise.race([this.exited, timer])) === 'timeout') {
        this.signalGroup('SIGKILL');
        await this.exited;
      }
    }
    // Whatever the leader left behind in its group goes too.
    this.signalGroup('SIGKILL');
  }
}
