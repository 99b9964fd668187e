/** The LLM request's messages: HEAD's flattened transcript in one user message (contract §5.7), or PRE's
 * system prompt, history turns and the current user turn twice (§11.4). */
export const SYSTEM_PROMPT = 'You are the test bot of the botserver-e2e reference platform. Answer briefly.';

export interface Turn {
  role: number;
  content: string;
}

export function flattenTranscript(history: Turn[], text: string, system = SYSTEM_PROMPT): string {
  const lines = history
    .filter((t) => t.role === 1 || t.role === 2)
    .map((t) => `${t.role === 1 ? 'User' : 'Assistant'}: ${t.content}\n`)
    .join('');
  return `System: ${system}\n\n${lines}\nUser: ${text}\nAssistant: `;
}

export type LlmMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** `system`: the session's system prompt (platform/chat/llm-context.ts; the platform's default when absent). */
export function llmMessages(
  shape: 'flattened' | 'twice',
  history: Turn[],
  text: string,
  system = SYSTEM_PROMPT,
): LlmMessage[] {
  if (shape === 'flattened') return [{ role: 'user', content: flattenTranscript(history, text, system) }];
  const turns = history
    .filter((t) => t.role === 1 || t.role === 2)
    .map((t): LlmMessage => ({ role: t.role === 1 ? 'user' : 'assistant', content: t.content }));
  return [
    { role: 'system', content: system },
    ...turns,
    { role: 'user', content: text },
    { role: 'user', content: text },
  ];
}
