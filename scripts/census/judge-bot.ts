/**
 * One bot package judged on a running stack, as a new visitor meets it: deployed (taken up in ms, or why not),
 * each dialog compiled or refused with the build's own words, the greeting of a new session, the suggestions
 * offered (first and second turn: builds place them differently), the tools the LLM is offered, and the knowledge
 * base: its KB folders, the points the vector store holds for each, the `USE KB` names that match no folder, the
 * embeddings requests and the log's errors (knowledge.ts). Every step has a deadline; nothing here throws for
 * a bad bot — a bad bot is a finding.
 */
import { randomBytes } from 'node:crypto';
import { ChatClient, type Frame } from '../../fixtures/chat-client.ts';
import { buildReasons, logOffset } from '../../fixtures/checks/build-reasons.ts';
import { LlmAdmin } from '../../standins/clients.ts';
import { allText } from '../../standins/llm/prompt.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { dialogKeys, nestedDialogKeys, type BotPackage } from '../../stack/bot-package.ts';
import { deployBot, waitTakenUp, type DeployTarget, type Upload } from '../../stack/bot-deploy.ts';
import { refusedStatement } from './refusals.ts';
import type { ConversationVerdict } from './conversations.ts';
import { carriesDocument, firstDocument, knowledgeOf, pointsStored, questionAbout } from './knowledge.ts';

export interface DialogVerdict {
  file: string;
  /** `unknown`: neither compiled nor refused in the log within the deadline; `in a subfolder`: no build compiles it. */
  status: 'compiled' | 'refused' | 'unknown' | 'in a subfolder';
  /** The build's own error (compile or run time), with the statement it names. */
  error?: string;
  statement?: string;
}

export interface BotVerdict {
  bot: string;
  dir: string;
  /** ms from upload to taken up; absent when it was not. */
  takenUpMs?: number;
  notTakenUp?: string;
  dialogs: DialogVerdict[];
  /** What a new session's first message got from dialogs (TALK), in order; empty: no greeting. */
  greeting: string[];
  suggestions: string[];
  tools: string[];
  /** documents: files under `.gbkb/`; folders: the KBs the indexer makes (loose: files it never indexes); useKb: the
   * names the dialogs use, unmatched: those naming no KB folder; points: stored per KB (absent: no vector store). */
  kb: {
    documents: number;
    embeddingRequests: number;
    errors: string[];
    folders?: string[];
    loose?: string[];
    useKb?: string[];
    unmatched?: string[];
    points?: Record<string, number>;
    /** A question about the first document (firstDocument): whether the LLM's prompt carried it, and if not, why
     * (no USE KB names its KB, nothing of it stored); `notAsked` when there was nothing to ask about. */
    retrieval?: { document?: string; question?: string; retrieved?: boolean; why?: string; notAsked?: string };
  };
  /** Files of the package outside its `<name>.gb*` folders (uploaded as shipped; BotServer does not read them). */
  strays: string[];
  /** The chat's own failure (no session, refused connection, no final frame in time). */
  chatError?: string;
  /** The verdicts of the package's own conversation files (scripts/census/conversations.ts), when it ships any. */
  conversations?: ConversationVerdict[];
}

const TURN_MS = 20_000;
/** How long the census waits for the first document's KB to hold points before it asks about it (builds index on
 * their drive scan, every 5 s: §11.10). */
const INDEX_WAIT_MS = 15_000;
/** A dialog that said something and then asked the LLM nothing for this long waits for the visitor (HEAR). */
const DIALOG_WAITS_MS = 3000;

/**
 * The frames of one turn: until the LLM's answer has ended (its answer repeated in a final frame: PRE, intended;
 * or an empty final frame after deltas: HEAD), or a dialog said something and the LLM was not asked for this
 * turn within DIALOG_WAITS_MS (the dialog waits at a HEAR), or TURN_MS.
 */
async function turn(
  client: ChatClient,
  llm: LlmAdmin,
  ids: { bot_id: string; user_id: string; session_id: string },
  text: string,
): Promise<Frame[]> {
  const from = client.frames.length;
  client.post(text, ids);
  const reply = defaultReply(text);
  // (An `error` frame ends the turn too: the intended platform tells the visitor that the dialog could not run.)
  const llmEnded = (f: Frame) =>
    f.is_complete === true &&
    (f.content === reply ||
      typeof f.error === 'string' ||
      (!f.content && client.frames.slice(from).some((g) => !g.is_complete && g.content)));
  const end = Date.now() + TURN_MS;
  while (Date.now() < end) {
    if (
      await client.until(llmEnded, from, 500).then(
        () => true,
        () => false,
      )
    )
      break;
    const talkAt = client.receivedAt.findIndex(
      (_, i) => i >= from && client.frames[i]!.is_complete && client.frames[i]!.content,
    );
    if (
      talkAt >= 0 &&
      performance.now() - client.receivedAt[client.receivedAt.length - 1]! > DIALOG_WAITS_MS &&
      !(await llm.requests({ contains: text }).catch(() => [])).some((r) => r.lastUserTurn.trim() === text)
    )
      break;
    if (client.closed) break;
  }
  return client.frames.slice(from).filter((f) => f.message_type === 2);
}

const suggestionTexts = (frames: Frame[]) =>
  frames.flatMap((f) =>
    (Array.isArray(f.suggestions) ? f.suggestions : []).map((s) => String((s as { text?: unknown }).text ?? '')),
  );

/**
 * Judges `pkg` on the stack behind `target` / `apiUrl` (the platform's API) / `llmUrl` (the LLM stand-in), each
 * wait within `deadlineMs`. `uploaded`: the package was uploaded already (a build that finds bots at start only
 * gets its packages before a restart), so only the wait for it remains. Never throws for the bot's failures.
 */
export async function judgeBot(
  pkg: BotPackage,
  target: DeployTarget,
  apiUrl: string,
  llmUrl: string,
  deadlineMs: number,
  uploaded?: Upload,
  qdrantUrl?: string,
): Promise<BotVerdict> {
  const keys = dialogKeys(pkg);
  const verdict: BotVerdict = {
    bot: pkg.name,
    dir: pkg.dir,
    strays: pkg.strays ?? [],
    dialogs: [],
    greeting: [],
    suggestions: [],
    tools: [],
    kb: {
      documents: pkg.files.filter((f) => f.key.startsWith(`${pkg.name}.gbkb/`)).length,
      embeddingRequests: 0,
      errors: [],
      ...knowledgeOf(pkg),
    },
  };
  let botId = '';
  const llm = new LlmAdmin(llmUrl);
  const seqBefore = Math.max(0, ...(await llm.requests()).map((r) => r.seq));
  const logFrom = uploaded?.logFrom ?? (await logOffset(target.logFile));
  try {
    const deployed = uploaded
      ? await waitTakenUp(target, uploaded, { deadlineMs })
      : await deployBot(target, pkg, { deadlineMs });
    verdict.takenUpMs = deployed.readyMs;
    botId = deployed.botId;
    for (const k of keys) {
      const d = deployed.dialogs[k];
      verdict.dialogs.push(
        d?.status === 'error'
          ? { file: k, status: 'refused', error: d.logLine, statement: refusedStatement(d.logLine) }
          : { file: k, status: d ? 'compiled' : 'unknown' },
      );
    }
  } catch (e) {
    verdict.notTakenUp = (e as Error).message;
    for (const k of keys) verdict.dialogs.push({ file: k, status: 'unknown' });
  }
  for (const k of nestedDialogKeys(pkg)) verdict.dialogs.push({ file: k, status: 'in a subfolder' });
  if (verdict.notTakenUp) return verdict;
  const token = `census${randomBytes(4).toString('hex')}`;
  // Run-time refusals are looked for from here: the builds run a dialog when its session starts, and PRE logs
  // "start.bas error" without the bot's name (so what another bot's start logged must not count).
  const chatFrom = await logOffset(target.logFile);
  let client: ChatClient | undefined;
  try {
    const r = await fetch(`${apiUrl}/api/auth?bot_name=${encodeURIComponent(pkg.name)}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const s = (await r.json().catch(() => ({}))) as { user_id?: string; session_id?: string; bot_id?: string };
    if (!r.ok || !s.session_id || !s.user_id)
      throw new Error(`GET /api/auth?bot_name=${pkg.name} answered ${r.status} without a session`);
    const ids = { bot_id: s.bot_id ?? '', user_id: s.user_id, session_id: s.session_id };
    client = await ChatClient.connect(
      apiUrl,
      { session_id: ids.session_id, user_id: ids.user_id, bot_name: pkg.name },
      10_000,
    );
    const first = `census hello ${token}`;
    const frames = [...client.frames.filter((f) => f.message_type === 2), ...(await turn(client, llm, ids, first))];
    const reply = defaultReply(first);
    verdict.greeting = frames.filter((f) => f.is_complete && f.content && f.content !== reply).map((f) => f.content!);
    const again = await turn(client, llm, ids, `census again ${token}`);
    verdict.suggestions = [...new Set([...suggestionTexts(frames), ...suggestionTexts(again)])];
    if (verdict.kb.folders?.length)
      verdict.kb.retrieval = await askAboutFirstDocument(pkg, verdict, (q) => turn(client!, llm, ids, q), {
        llm,
        since: seqBefore,
        qdrantUrl,
        botId,
        token: `${token}kb`,
      });
  } catch (e) {
    verdict.chatError = (e as Error).message.split('\n')[0]!.slice(0, 300);
  } finally {
    client?.close();
  }
  // What the vector store holds of each KB once the turns are done (the builds index while they scan the drive).
  if (qdrantUrl && botId && verdict.kb.folders?.length) {
    const points = await pointsStored(qdrantUrl, pkg.name, botId, verdict.kb.folders);
    if (points) verdict.kb.points = points;
  }
  const requests = await llm.requests({ since: seqBefore }).catch(() => []);
  verdict.tools = [
    ...new Set(
      requests
        .filter((r) => allText(r.body?.messages).includes(token))
        .flatMap((r) => (r.tools ?? []).map((t) => t.function?.name ?? '?')),
    ),
  ];
  verdict.kb.embeddingRequests = requests.filter((r) => r.path.includes('/embeddings')).length;
  const errors = await buildReasons(target.logFile, chatFrom, pkg.name, keys);
  // The KB's errors of this bot only: the builds name the document by its path in the bucket (`<bot>.gbai/…`).
  verdict.kb.errors = (await buildReasons(target.logFile, logFrom, `${pkg.name}.gbai/`, [])).filter((l) =>
    /kb|embedding/i.test(l),
  );
  // Nothing stored: the platform's own KB error for the document's folder says why, where it logged one.
  const r = verdict.kb.retrieval;
  const folder = r?.document?.split('/')[0];
  const said = folder && verdict.kb.errors.find((l) => l.includes(`.gbkb/${folder}/`));
  if (r?.why?.includes('stored in the vector store') && said) r.why += `; the platform logged: ${said.slice(0, 200)}`;
  // Run-time refusals (the builds compile "successfully" and fail when the dialog starts): named per dialog.
  for (const d of verdict.dialogs) {
    const file = d.file.split('/').pop()!;
    const line = errors.find((l) => l.includes(file));
    if (line && d.status !== 'refused')
      Object.assign(d, { status: 'refused', error: line, statement: refusedStatement(line) });
  }
  return verdict;
}

/**
 * Asks the bot a question about its first document (knowledge.ts firstDocument), once its KB holds points that
 * stopped growing, or INDEX_WAIT_MS passed, and reads the LLM's requests of that turn: retrieved when a prompt
 * carried the document. `ask` runs one turn of the open chat. Returns what the question got and every reason it was
 * not retrieved. Rejects only when `ask` does (a failed turn is a finding of the chat, caught by the caller).
 */
async function askAboutFirstDocument(
  pkg: BotPackage,
  verdict: BotVerdict,
  ask: (question: string) => Promise<Frame[]>,
  on: { llm: LlmAdmin; since: number; qdrantUrl?: string; botId: string; token: string },
): Promise<NonNullable<BotVerdict['kb']['retrieval']>> {
  const k = verdict.kb;
  const doc = await firstDocument(pkg, { folders: k.folders ?? [], useKb: k.useKb ?? [] });
  if (!doc) return { notAsked: 'no document of a type the census reads (text, Markdown, HTML, PDF)' };
  const stored = async () =>
    on.qdrantUrl ? ((await pointsStored(on.qdrantUrl, pkg.name, on.botId, [doc.kb]))?.[doc.kb] ?? 0) : 0;
  // Asked once the KB holds points and their count held still for a second (the builds index file by file).
  const until = Date.now() + INDEX_WAIT_MS;
  let points = await stored();
  for (let before = -1; on.qdrantUrl && (points === 0 || points !== before) && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 1000));
    [before, points] = [points, await stored()];
  }
  const question = questionAbout(doc, on.token);
  await ask(question);
  const prompts = (await on.llm.requests({ since: on.since }).catch(() => []))
    .map((r) => allText(r.body?.messages))
    .filter((t) => t.includes(on.token));
  const retrieved = prompts.some((t) => carriesDocument(t, doc, question));
  // Every reason that holds, the template's own mistake (no USE KB names the folder) first.
  const reasons = retrieved
    ? []
    : [
        ...(!k.useKb?.includes(doc.kb) ? [`no USE KB names "${doc.kb}"`] : []),
        ...(!on.qdrantUrl
          ? ['the stack has no vector store']
          : points === 0
            ? [
                `nothing of "${doc.kb}" stored in the vector store after the bot's first turns and ${INDEX_WAIT_MS / 1000} s more`,
              ]
            : []),
      ];
  if (!retrieved && !reasons.length)
    reasons.push(
      prompts.length
        ? "the LLM's prompt for the question carried no passage of it"
        : 'the LLM got no request for the question',
    );
  const why = reasons.join('; ') || undefined;
  return { document: `${doc.kb}/${doc.file}`, question, retrieved, ...(why ? { why } : {}) };
}
