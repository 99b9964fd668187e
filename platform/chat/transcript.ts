/** The flattened transcript BotServer sends as one user message (contract §5.7). */
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
