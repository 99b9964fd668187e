/**
 * What the LLM is given for a session's turn besides the transcript (docs/contract.md "Tools, context and prompt
 * blocks"): the system prompt — the bot's `<bot>.gbot/prompt.md` (from the work dir, where the drive monitor puts
 * it) or the platform's default, then the start dialog's `BEGIN SYSTEM PROMPT` block, then each `SET CONTEXT` text in
 * the order set, separated by blank lines — and the session's tools (`ADD TOOL`) as OpenAI `tools`, from each tool
 * dialog's compiled `<tool>.mcp.json`. A profile of a build that ignores them (`dialogs.tools` false) gets
 * prompt.md (or the default) alone and no tools. The passages found in the session's knowledge bases (`USE KB`,
 * platform/kb/retrieval.ts) follow in the system part after a newline, as BotServer appends them (§11.10).
 */
import { readFile } from 'node:fs/promises';
import type { LlmContext } from '../dialogs/run.ts';
import type { DriveMonitor } from '../dialogs/drive-monitor.ts';
import { SYSTEM_PROMPT } from './transcript.ts';

export interface TurnLlmContext {
  system: string;
  tools: unknown[];
}

/** The turn's system prompt and tools from the session's dialogs (`session`); `retrieve` gives the block of
 * passages of the session's knowledge bases ('' for none). Never throws: a tool whose schema cannot be read is
 * logged and not offered. */
export async function turnLlmContext(
  monitor: DriveMonitor,
  bot: string,
  session: LlmContext,
  dialogsGiveContext: boolean,
  retrieve: (kbs: readonly string[]) => Promise<string> = async () => '',
): Promise<TurnLlmContext> {
  const promptMd = (await readFile(monitor.promptPath(bot), 'utf8').catch(() => '')).trim();
  const kb = await retrieve(session.kbs);
  const base = (promptMd || SYSTEM_PROMPT) + (kb ? `\n${kb}` : '');
  if (!dialogsGiveContext) return { system: base, tools: [] };
  const system =
    [promptMd || SYSTEM_PROMPT, session.systemPrompt, ...session.contexts.values()]
      .filter((t): t is string => !!t?.trim())
      .join('\n\n') + (kb ? `\n${kb}` : '');
  const tools = (
    await Promise.all(
      session.tools.map((t) =>
        readFile(monitor.toolSchemaPath(bot, t), 'utf8').then(
          (j) => JSON.parse(j) as unknown,
          () => {
            console.error(
              `chat: tool ${t} of bot ${bot} has no compiled schema (${monitor.toolSchemaPath(bot, t)}): not offered to the LLM`,
            );
            return undefined;
          },
        ),
      ),
    )
  ).filter((t) => t !== undefined);
  return { system, tools };
}
