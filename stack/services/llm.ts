/**
 * The LLM stand-in (standins/llm/): an OpenAI-compatible server whose replies the tests choose.
 * - needs: nothing. Starts the same on every provider (a process of the suite's own).
 * - exports: LLM_URL.
 * - the platform's env: LLM_URL, and SKIP_LLM_SERVER (no local LLM server of the platform's own). The drive's
 *   config.csv names it too (s3.ts).
 * - faults: a fault spec may stop it.
 */
import { standInService } from '../standin-process.ts';
import type { StackService } from './types.ts';

const llm: StackService = {
  key: 'llm',
  needs: [],
  start: { any: (ctx) => standInService(ctx, 'llm', {}, (url) => ({ LLM_URL: url })) },
  about: { startsOn: 'a stand-in', platform: '`LLM_URL`, `SKIP_LLM_SERVER`' },
  exports: ['LLM_URL'],
  platformEnv: (svc) => ({ LLM_URL: svc.url!, SKIP_LLM_SERVER: '1' }),
  faults: true,
};
export default llm;
