/**
 * The LLM stand-in: an OpenAI-compatible server (chat completions, streamed as BotServer parses them, models,
 * embeddings) with deterministic replies, scenarios, and a record of every request.
 * Admin API under /__admin: requests (GET, DELETE), scenarios (POST, DELETE), health.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  HttpError,
  RequestLog,
  commonAdmin,
  logLine,
  parseJson,
  readBody,
  sendJson,
  type RecordedRequest,
} from '../http-kit.ts';
import {
  defaultReply,
  isScenario,
  scenarioFromMarker,
  splitIntoChunks,
  toolReply,
  type Scenario,
} from './scenarios.ts';
import { allText, lastUserTurn, toolResult } from './prompt.ts';
import { Gate } from './gate.ts';
import { embeddingsResponse } from './embeddings.ts';
import { ConversationScripts, conversationRoute, isLlmTurn } from './conversations.ts';
import { recordedAnswer, type Recording } from './forward.ts';

const MODEL = 'stand-in-model';
const openAiError = (message: string, type = 'invalid_request_error', code: string | null = null) => ({
  error: { message, type, param: null, code },
});

interface Registered {
  match: string;
  scenario: Scenario;
  gate?: Gate;
}

export interface LlmStandIn {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function chunkFrame(id: string, created: number, delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** The pause between two cuts of a split-bytes stream: long enough for each to reach the client as a read of its own. */
const SPLIT_GAP_MS = 3;

/**
 * Where a split-bytes stream of `bytes` is cut (offsets, ascending). With `every`, every `every` bytes. Without it,
 * where the scenario's two kinds of boundary are certain to fall: inside each multi-byte UTF-8 character (after its
 * first byte) and inside each `data:` line (after its third byte, and halfway along) — about 4 cuts for each line of
 * the answer instead of one every 5 bytes (about 800 for a 150-character reply: 3 s of gaps).
 */
export function splitBytesCuts(bytes: Buffer, every?: number): number[] {
  const cuts = new Set<number>();
  if (every) {
    for (let at = every; at < bytes.length; at += every) cuts.add(at);
  } else {
    for (let at = 0; at < bytes.length; at++) {
      // A UTF-8 lead byte of a multi-byte character (11xxxxxx): cut after it.
      if ((bytes[at]! & 0xc0) === 0xc0) cuts.add(at + 1);
      if (bytes.toString('latin1', at, at + 5) === 'data:' && (at === 0 || bytes[at - 1] === 0x0a)) {
        const end = bytes.indexOf(0x0a, at);
        cuts.add(at + 3);
        cuts.add(at + Math.floor(((end < 0 ? bytes.length : end) - at) / 2));
      }
    }
  }
  return [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
}

/** Streams `reply` as a split-bytes scenario says (scenarios.ts): the whole SSE body, raw UTF-8, cut where
 * splitBytesCuts says, each cut written on its own with Nagle off and a short gap. */
async function streamSplitBytes(
  res: ServerResponse,
  reply: string,
  every: number | undefined,
  answered: () => void,
): Promise<void> {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const body = [
    chunkFrame(id, created, { role: 'assistant', content: '' }),
    ...splitIntoChunks(reply).map((p) => chunkFrame(id, created, { content: p })),
    chunkFrame(id, created, {}, 'stop'),
    'data: [DONE]\n\n',
  ].join('');
  const bytes = Buffer.from(body, 'utf8');
  let aborted = false;
  res.on('close', () => (aborted = true));
  let from = 0;
  for (const to of [...splitBytesCuts(bytes, every), bytes.length]) {
    if (aborted) break;
    res.write(bytes.subarray(from, to));
    from = to;
    if (to < bytes.length) await delay(SPLIT_GAP_MS);
  }
  if (!aborted) answered();
  res.end();
}

async function stream(
  req: IncomingMessage,
  res: ServerResponse,
  reply: string,
  scenario: Scenario,
  answered: () => void,
  gate?: Gate,
): Promise<void> {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  res.write(chunkFrame(id, created, { role: 'assistant', content: '' }));
  if (scenario.type === 'malformed') {
    res.write('data: {"choices":[{"delta":{"content":"broken\n\n');
    res.end('data: [DONE]\n\n');
    return;
  }
  const pieces =
    scenario.type === 'gated'
      ? scenario.pieces
      : scenario.type === 'stream'
        ? splitIntoChunks(reply, scenario.chunks)
        : splitIntoChunks(reply);
  const stopAt = scenario.type === 'truncate' ? Math.max(1, Math.floor(pieces.length / 2)) : pieces.length;
  let aborted = false;
  res.on('close', () => (aborted = true));
  gate?.begin();
  for (let i = 0; i < stopAt && !aborted; i++) {
    // A slow stream is slow from its start: the client waits before the first piece too.
    if (scenario.type === 'stream') await delay(scenario.delayMs);
    if (gate)
      await gate.waitFor(
        i,
        () => aborted,
        () => process.stderr.write(`[llm] gate held piece ${i} past its limit: released the rest\n`),
      );
    if (aborted) break;
    res.write(chunkFrame(id, created, { content: pieces[i] }));
    gate?.wrote();
  }
  if (scenario.type === 'truncate') {
    // Cut the connection once what was written has gone out: the client sees a stream that stops midway.
    res.write('', () => res.socket?.destroy());
    return;
  }
  if (aborted) return void res.end();
  answered();
  res.write(chunkFrame(id, created, {}, 'stop'));
  res.end('data: [DONE]\n\n', () => gate?.finished());
}

/** Streams a call of tool `name` as OpenAI does (contract: docs/contract.md "Tools"): a role chunk with the call's
 * id, name and empty arguments, the JSON arguments in pieces, `finish_reason: "tool_calls"`, `[DONE]`. */
function streamToolCall(res: ServerResponse, name: string, args: Record<string, unknown>): void {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const call = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(
    chunkFrame(id, created, {
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: call, type: 'function', function: { name, arguments: '' } }],
    }),
  );
  const json = JSON.stringify(args);
  const third = Math.max(1, Math.ceil(json.length / 3));
  for (let i = 0; i < json.length; i += third)
    res.write(
      chunkFrame(id, created, { tool_calls: [{ index: 0, function: { arguments: json.slice(i, i + third) } }] }),
    );
  res.write(chunkFrame(id, created, {}, 'tool_calls'));
  res.end('data: [DONE]\n\n');
}

export function createLlmStandIn(): Server {
  const log = new RequestLog();
  const scenarios: Registered[] = [];
  const conversations = new ConversationScripts();
  /** Conversations being recorded (forward.ts), by id. */
  const recordings = new Map<string, Recording>();

  /** `conversation`: the id of a conversation file's own route (`/c/<id>/…`), whose turns are scripted. */
  async function chat(req: IncomingMessage, res: ServerResponse, raw: string, conversation?: string) {
    const body = parseJson(raw, (m) =>
      openAiError(`We could not parse the JSON body of your request. (${m})`),
    ) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || !Array.isArray(body.messages)) {
      throw new HttpError(
        400,
        openAiError("'messages' is a required property", 'invalid_request_error', 'missing_messages'),
      );
    }
    const turn = lastUserTurn(body.messages);
    const text = allText(body.messages);
    const result = toolResult(body.messages);
    const tools = Array.isArray(body.tools) ? body.tools : [];
    // As a real LLM, it calls only a tool it was offered: otherwise the turn gets the default reply.
    const offered = (name: string) =>
      tools.some((t) => (t as { function?: { name?: unknown } })?.function?.name === name);
    const recording = conversation ? recordings.get(conversation) : undefined;
    const scripted =
      conversation && recording
        ? await recordedAnswer(conversation, recording, body, turn, result, offered)
        : conversation
          ? conversations.answer(conversation, turn, result, offered)
          : undefined;
    const registered = conversation ? undefined : scenarios.find((s) => text.includes(s.match));
    const found: Scenario = scripted?.scenario ??
      registered?.scenario ??
      scenarioFromMarker(turn) ?? { type: 'default' };
    // A tool-call scenario answers the request that carries the tool's result with text.
    let scenario: Scenario =
      !scripted && found.type === 'tool-call' && result !== undefined
        ? { type: 'reply', text: found.then ?? toolReply(found.name, result) }
        : found;
    if (scenario.type === 'tool-call' && !offered(scenario.name)) scenario = { type: 'default' };
    const extra = scripted?.record ?? {};
    if (scenario.type === 'tool-call') {
      log.add(req, body, {
        lastUserTurn: turn,
        scenario: scenario.type,
        reply: '',
        stream: body.stream === true,
        tools,
        toolCall: { name: scenario.name, arguments: scenario.arguments },
        ...extra,
      });
      if (body.stream === true) return streamToolCall(res, scenario.name, scenario.arguments);
      return sendJson(res, 200, {
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: MODEL,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: `call_${randomUUID().slice(0, 8)}`,
                  type: 'function',
                  function: { name: scenario.name, arguments: JSON.stringify(scenario.arguments) },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      });
    }
    const reply =
      scenario.type === 'reply' || scenario.type === 'split-bytes'
        ? scenario.text
        : scenario.type === 'gated'
          ? scenario.pieces.join('')
          : scenario.type === 'stream' && scenario.text
            ? scenario.text
            : defaultReply(turn);
    const item: RecordedRequest & { answeredAt?: string } = log.add(req, body, {
      lastUserTurn: turn,
      scenario: scenario.type,
      reply,
      stream: body.stream === true,
      tools,
      ...(result !== undefined ? { toolResult: result } : {}),
      ...extra,
    });
    if (scenario.type === 'status') {
      const messages = {
        401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
        429: ['Rate limit reached.', 'requests', 'rate_limit_exceeded'],
        500: ['The server had an error while processing your request.', 'server_error', null],
      } as const;
      const [m, t, c] = messages[scenario.status];
      return sendJson(res, scenario.status, openAiError(m, t, c));
    }
    if (scenario.type === 'hang') {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5 * 60_000);
        res.on('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (!res.writableEnded) res.destroy();
      return;
    }
    // The moment the whole reply is written (its last piece, before the end of the stream): a final frame the page
    // gets after it comes after everything this answer holds (fixtures/checks/turn-over.ts).
    const answered = () => void (item.answeredAt = new Date().toISOString());
    if (body.stream === true && scenario.type === 'split-bytes')
      return streamSplitBytes(res, reply, scenario.every, answered);
    if (body.stream === true) return stream(req, res, reply, scenario, answered, registered?.gate);
    answered();
    sendJson(res, 200, {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
      usage: { prompt_tokens: text.length, completion_tokens: reply.length, total_tokens: text.length + reply.length },
    });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    const route = `${req.method} ${url.pathname}`;
    if (commonAdmin(route, url, res, log, 'llm-stand-in')) return;
    if (route === 'POST /__admin/conversations') {
      const b = parseJson(raw, (m) => ({ error: m })) as {
        id?: unknown;
        turn?: unknown;
        llm?: unknown;
        userText?: unknown;
      };
      if (
        typeof b.id !== 'string' ||
        conversationRoute(`/c/${b.id}/`).id !== b.id ||
        !Number.isInteger(b.turn) ||
        (b.llm !== undefined && !isLlmTurn(b.llm)) ||
        (b.userText !== undefined && typeof b.userText !== 'string')
      ) {
        throw new HttpError(400, {
          error:
            'expected {"id": "<4-64 of A-Z a-z 0-9 _ ->", "turn": <n>, "llm"?: {"reply": "…"} | {"call": "tool", "args": {…}, "then"?: "…"} | {"error": 401|429|500}, "userText"?: "…"}',
        });
      }
      conversations.set(b.id, b.turn as number, b.llm, b.userText as string | undefined);
      return sendJson(res, 201, conversations.state(b.id));
    }
    if (route === 'POST /__admin/recordings') {
      const b = parseJson(raw, (m) => ({ error: m })) as { id?: unknown; forward?: { url?: unknown; key?: unknown } };
      const f = b.forward;
      if (
        typeof b.id !== 'string' ||
        conversationRoute(`/c/${b.id}/`).id !== b.id ||
        (f !== undefined &&
          (typeof f?.url !== 'string' ||
            !/^https?:\/\//.test(f.url) ||
            (f.key !== undefined && typeof f.key !== 'string')))
      ) {
        throw new HttpError(400, {
          error: 'expected {"id": "<4-64 of A-Z a-z 0-9 _ ->", "forward"?: {"url": "http(s)://…", "key"?: "…"}}',
        });
      }
      recordings.set(b.id, f ? { forward: { url: f.url as string, key: f.key as string | undefined } } : {});
      return sendJson(res, 201, { id: b.id, forwards: !!f });
    }
    if (route === 'GET /__admin/conversations') {
      const state = conversations.state(url.searchParams.get('id') ?? '');
      if (!state) throw new HttpError(404, { error: `no conversation ${url.searchParams.get('id')} scripted` });
      return sendJson(res, 200, state);
    }
    if (route === 'POST /__admin/scenarios') {
      const b = parseJson(raw, (m) => ({ error: m })) as { match?: unknown; scenario?: unknown };
      if (typeof b.match !== 'string' || b.match.length < 4 || !isScenario(b.scenario)) {
        throw new HttpError(400, {
          error: 'expected {"match": "<token of 4+ chars found in the prompt>", "scenario": {"type": ...}}',
        });
      }
      const at = scenarios.findIndex((s) => s.match === b.match);
      if (at >= 0) scenarios.splice(at, 1)[0]!.gate?.release();
      scenarios.push({
        match: b.match,
        scenario: b.scenario,
        gate: b.scenario.type === 'gated' ? new Gate(b.scenario.pieces) : undefined,
      });
      return sendJson(res, 201, { match: b.match, scenario: b.scenario });
    }
    if (route === 'DELETE /__admin/scenarios') {
      const match = url.searchParams.get('match');
      const before = scenarios.length;
      for (let i = scenarios.length - 1; i >= 0; i--)
        if (!match || scenarios[i]!.match === match) scenarios.splice(i, 1)[0]!.gate?.release();
      return sendJson(res, 200, { removed: before - scenarios.length });
    }
    if (route === 'GET /__admin/gates' || route === 'POST /__admin/gates/release') {
      const match = url.searchParams.get('match') ?? '';
      const gate = scenarios.find((s) => s.match === match)?.gate;
      if (!gate) throw new HttpError(404, { error: `no gated scenario registered for match "${match}"` });
      if (route === 'POST /__admin/gates/release') {
        const count = url.searchParams.get('count');
        if (count !== null && !(Number.isInteger(Number(count)) && Number(count) > 0))
          throw new HttpError(400, { error: 'count must be a positive integer (or absent: release every piece)' });
        gate.release(count === null ? undefined : Number(count));
      }
      return sendJson(res, 200, gate.state());
    }
    throw new HttpError(404, { error: `no admin route ${route}` });
  }

  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    // A conversation file's bot calls under `/c/<id>/` (conversations.ts); the rest of its path is the usual one.
    const { id: conversation, path } = conversationRoute(url.pathname);
    url.pathname = path;
    try {
      const raw = req.method === 'GET' ? '' : await readBody(req);
      if (url.pathname.startsWith('/__admin/')) await admin(req, res, url, raw);
      else if (req.method === 'POST' && url.pathname.endsWith('/chat/completions'))
        await chat(req, res, raw, conversation);
      else if (req.method === 'GET' && url.pathname === '/health')
        sendJson(res, 200, { status: 'ok' }); // the embeddings server's health check (HEAD)
      else if (req.method === 'GET' && url.pathname === '/v1/models') {
        log.add(req, null);
        sendJson(res, 200, {
          object: 'list',
          data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'botserver-e2e' }],
        });
      } else if (req.method === 'POST' && url.pathname === '/v1/embeddings') {
        // A hashed bag of words of the requested size (standins/llm/embeddings.ts): shared words score high.
        const b = parseJson(raw, (m) => openAiError(m)) as { input?: unknown; dimensions?: unknown };
        log.add(req, b);
        sendJson(res, 200, embeddingsResponse(b, MODEL));
      } else {
        log.add(req, raw);
        throw new HttpError(
          404,
          openAiError(`Unknown request URL: ${req.method} ${url.pathname}`, 'invalid_request_error', 'unknown_url'),
        );
      }
      // The suite's own reads (its checks poll the request log every 250 ms) would fill the log a failure shows.
      if (!(req.method === 'GET' && url.pathname.startsWith('/__admin/'))) logLine('llm', req, res.statusCode);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      // An over-long body was not read to its end: close the connection so that it is not reused.
      sendJson(
        res,
        status,
        e instanceof HttpError ? e.body : openAiError(`stand-in failure: ${(e as Error).message}`, 'server_error'),
        status === 413 ? { connection: 'close' } : {},
      );
      logLine('llm', req, status, e instanceof HttpError ? '' : String((e as Error).stack));
    }
  });
}
