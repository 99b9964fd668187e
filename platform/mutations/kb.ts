/** Mutations of the knowledge bases: wrappers of their steps (platform/kb/kb-steps.ts). */
import type { KbSteps } from '../kb/kb-steps.ts';
import type { Wrapper } from './types.ts';

export const KB_MUTATIONS = {
  'kb-passage-left-out': {
    what: "a regression: the passages found in the session's knowledge bases (USE KB) are left out of the LLM's prompt",
    wrap: (s) => ({ ...s, retrieves: false }),
  },
  'kb-stale-after-change': {
    what: 'a regression: a changed knowledge-base document keeps its old passages beside the new ones',
    wrap: (s) => ({ ...s, removesOldPoints: false }),
  },
  'kb-pdf-unread': {
    what: "a regression: a knowledge base's PDF documents are skipped as a type the platform does not read",
    wrap: (s) => ({ ...s, readsPdf: false }),
  },
} satisfies Record<string, Wrapper<KbSteps>>;
