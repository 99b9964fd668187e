/**
 * The steps of knowledge-base indexing and retrieval that the reference platform's seeded mutations wrap
 * (platform/mutations/kb.ts): the platform's own behaviour is PLAIN_KB; the indexer and the retriever read these and
 * never ask which mutation runs.
 */
export interface KbSteps {
  /** Whether a changed document's old points are removed before its new ones are stored (§11.10, KI:578). */
  removesOldPoints: boolean;
  /** Whether the session's KBs are searched and the passages put into the LLM's system prompt (§11.10, KC:404-541). */
  retrieves: boolean;
  /** Whether a PDF document's text is read and indexed like the other types (§11.10's document types). */
  readsPdf: boolean;
}

export const PLAIN_KB: KbSteps = { removesOldPoints: true, retrieves: true, readsPdf: true };
