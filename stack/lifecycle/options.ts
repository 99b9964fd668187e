/** What a caller gives TemporaryStack.spawn / start. */
import type { StackConfig } from '../config.ts';
import type { FindsBotsAtRuntime } from './stack-bots.ts';

export interface StackOptions {
  /** Configuration; read from the environment when absent. */
  config?: StackConfig;
  /** Start the platform under test (default true). The stack alone is enough for the stack's own tests. */
  platform?: boolean;
  /** Folder the temp dir is created in (default: the OS temp dir). */
  tmpBase?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /**
   * For a real build: whether it takes up bots added while it runs, asked once it is ready (the suite's global
   * setup and the CLI give the build probe: fixtures/build-probe.ts `findsBotsAtRuntime`). A build that does not
   * gets slot bots (stack/bot-slots.ts). The reference platform's profile says it from its build record.
   */
  findsBotsAtRuntime?: FindsBotsAtRuntime;
}
