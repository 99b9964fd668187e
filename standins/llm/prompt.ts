/**
 * Reads what a chat-completions request asks: the last user turn. Both real request shapes are understood
 * (contract §11.6): PRE sends a messages array (system, history, the current turn twice); HEAD sends one user
 * message holding a flattened transcript `System: …\n\nUser: …\nAssistant: …\nUser: <turn>\nAssistant: `.
 */
type Message = { role?: unknown; content?: unknown };

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) =>
        p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string'
          ? (p as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}

/** The last user turn of a flattened transcript, or the text itself when it is not one. */
export function lastTurnOfTranscript(content: string): string {
  const at = content.lastIndexOf('\nUser: ');
  const start = at >= 0 ? at + '\nUser: '.length : content.startsWith('User: ') ? 'User: '.length : -1;
  if (start < 0) return content;
  const rest = content.slice(start);
  const end = rest.indexOf('\nAssistant:');
  return end >= 0 ? rest.slice(0, end) : rest;
}

export function lastUserTurn(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m && m.role === 'user') return lastTurnOfTranscript(text(m.content));
  }
  return '';
}

/** All the text of the request's messages, for matching scenario keys and for assertions. */
export function allText(messages: unknown): string {
  return Array.isArray(messages) ? messages.map((m) => text((m as Message)?.content)).join('\n') : '';
}

/** The result of a tool the request carries back (the last `role: "tool"` message, OpenAI's shape), if any. */
export function toolResult(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m && m.role === 'tool') return text(m.content);
  }
  return undefined;
}
