/**
 * A gated stream: the LLM stand-in writes piece k only once the test has released k pieces, so a spec asserts a
 * passing state (the thinking indicator, a partial reply) while it holds it, instead of racing a timer.
 * A gate never holds forever: after HOLD_LIMIT_MS without a release it lets the rest go (and says so in the log).
 */
export const HOLD_LIMIT_MS = 60_000;

export interface GateState {
  /** Chat requests that reached this gate. */
  requested: number;
  /** Pieces written to the current stream. */
  sent: number;
  /** Pieces the test has released. */
  released: number;
  pieces: string[];
  /** The current stream has written its last piece and [DONE]. */
  done: boolean;
}

export class Gate {
  readonly pieces: string[];
  private requested = 0;
  private sent = 0;
  private released = 0;
  private done = false;
  private waiters: (() => void)[] = [];

  constructor(pieces: string[]) {
    this.pieces = pieces;
  }

  state(): GateState {
    return {
      requested: this.requested,
      sent: this.sent,
      released: this.released,
      pieces: this.pieces,
      done: this.done,
    };
  }

  /** A new request starts streaming through the gate (a later request starts from piece 0 with what is released). */
  begin(): void {
    this.requested++;
    this.sent = 0;
    this.done = false;
  }

  /** Releases `count` more pieces (all of them when absent). */
  release(count?: number): void {
    this.released = count === undefined ? this.pieces.length : Math.min(this.pieces.length, this.released + count);
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when piece `index` may be written (or the hold limit passed; `onTimeout` is told). */
  async waitFor(index: number, closed: () => boolean, onTimeout: () => void): Promise<void> {
    const deadline = Date.now() + HOLD_LIMIT_MS;
    while (index >= this.released && !closed()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        onTimeout();
        this.release();
        return;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  wrote(): void {
    this.sent++;
  }

  finished(): void {
    this.done = true;
  }
}
