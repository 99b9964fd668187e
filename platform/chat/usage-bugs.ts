/**
 * Chat bugs of the recorded builds seen only when the chat is used as people use it (issue 21), reproduced by the
 * reference platform's `pre` and `head` profiles so that CI runs their known-bug checks (fixtures/caveats.ts:
 * streamLosesPieces, earlyMessageDropped). Kept beside platform/profile.ts rather than in it.
 */
import type { ProfileName } from '../profile.ts';

export interface ChatUsageBugs {
  /** Every n-th streamed piece of the LLM's answer is lost (0: none): BotServer parses each network chunk of
   * the LLM's stream by lines on its own, so a `data:` line split across two chunks is dropped (measured on PRE:
   * 3 of 516 pieces, 6 of 1720; HEAD alike). The lost pieces are missing from the deltas, the final frame and message_history. */
  losesOnePieceIn: number;
  /** The page shows a message sent before the chat is connected and clears the input, but never sends it, and
   * says nothing (botui chat-init.js sendMessage, measured on PRE and HEAD through botui). */
  dropsEarlyMessage: boolean;
}

const BUGS: Record<ProfileName, ChatUsageBugs> = {
  intended: { losesOnePieceIn: 0, dropsEarlyMessage: false },
  pre: { losesOnePieceIn: 200, dropsEarlyMessage: true },
  head: { losesOnePieceIn: 200, dropsEarlyMessage: true },
};

export function chatUsageBugs(profile: ProfileName): ChatUsageBugs {
  return BUGS[profile];
}
