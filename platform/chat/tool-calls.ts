/**
 * Function calling, as the intended platform answers it (docs/contract.md "Tools"): when the LLM's completion
 * calls tools of the session, each tool dialog runs with the call's arguments as its variables, what it says goes
 * to the visitor at once, and its words go back to the LLM as the call's result (OpenAI's `role: "tool"` message)
 * for the answer the visitor gets next. At most MAX_TOOL_ROUNDS rounds per turn.
 */
import type { Completion, LlmRequestMessage } from './llm-client.ts';

export const MAX_TOOL_ROUNDS = 3;

export interface ToolRounds {
  /** Streams one completion for these messages (the same tools offered every round). */
  complete(messages: LlmRequestMessage[]): Promise<Completion>;
  /** Runs one tool dialog; resolves with what its TALKs said, throws saying why it could not run. */
  runTool(name: string, argumentsJson: string): Promise<string[]>;
  /** One TALK of a tool dialog, for the visitor. */
  said(text: string): void;
  /** A tool that could not run (for the platform's log). */
  failed(name: string, why: string): void;
}

/** The turn's completion after every tool round: the first that calls no tool (or the last round's). */
export async function completeWithTools(first: LlmRequestMessage[], r: ToolRounds): Promise<Completion> {
  let messages = first;
  let completion = await r.complete(messages);
  for (let round = 0; completion.toolCalls.length && round < MAX_TOOL_ROUNDS; round++) {
    const results: string[] = [];
    for (const call of completion.toolCalls) {
      try {
        const said = await r.runTool(call.name, call.arguments);
        for (const t of said) r.said(t);
        results.push(said.join('\n'));
      } catch (e) {
        r.failed(call.name, (e as Error).message);
        results.push(`The tool ${call.name} could not run: ${(e as Error).message}`);
      }
    }
    messages = [
      ...messages,
      {
        role: 'assistant',
        content: null,
        tool_calls: completion.toolCalls.map((c) => ({
          id: c.id,
          type: 'function' as const,
          function: { name: c.name, arguments: c.arguments },
        })),
      },
      ...completion.toolCalls.map((c, i): LlmRequestMessage => ({
        role: 'tool',
        tool_call_id: c.id,
        content: results[i]!,
      })),
    ];
    completion = await r.complete(messages);
  }
  return completion;
}
