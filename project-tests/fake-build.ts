/**
 * A made-up BotServer for the build probe's tests (fixtures/build-probe.ts, fixtures/build-traits.ts): one HTTP
 * server that answers as a build with the given traits would — /health naming `commit`, the login and sessions
 * routes, GET /api/auth's answer, a websocket first turn whose LLM request does or does not carry the visitor's
 * text and whose final frame does or does not repeat the answer — and, on the same port, the LLM stand-in's
 * `/__admin/requests` the probe reads. `authAnswers: 404` makes GET /api/auth a missing route: no first turn can be
 * measured, as on a build whose chat route is gone.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import type { BuildTraits, MeasuredTrait } from '../builds/records.ts';

export interface FakeBuild {
  /** The API's and the LLM admin's URL (one server). */
  url: string;
  close(): Promise<void>;
}

/** Starts a fake build with `traits` (every measured trait given), on 127.0.0.1. */
export async function fakeBuild(
  commit: string,
  traits: Pick<BuildTraits, MeasuredTrait>,
  opts: { authAnswers?: 200 | 404 } = {},
): Promise<FakeBuild> {
  const requests: { seq: number; path: string; body: unknown; reply: string; lastUserTurn: string; tools: [] }[] = [];
  const server = createServer((req, res) => {
    const [path, query] = (req.url ?? '').split('?');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    if (path === '/health') return json(200, { status: 'ok', commit, version: '6.3.0' });
    if (path === '/api/auth/login') return json(traits.loginRoute ? 400 : 404, {});
    if (path === '/api/sessions') return json(traits.sessionsRoute ? 401 : 405, {});
    if (path === '/api/auth') {
      if (opts.authAnswers === 404) return json(404, {});
      return json(200, {
        session_id: '7d0f5d6c-1f7e-4a8e-9d55-2f4b8a1c3e10',
        user_id: '0b6b9a53-7e8c-4a31-8d6f-6f3c2a9e4b21',
        status: traits.anonymousStatus,
        ...(traits.authGivesBotId ? { bot_id: 'b0t' } : {}),
      });
    }
    if (path === '/__admin/requests') {
      const since = Number(new URLSearchParams(query).get('since') ?? 0);
      return json(
        200,
        requests.filter((r) => r.seq > since),
      );
    }
    return json(404, {});
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'connected' }));
    ws.on('message', (d) => {
      const text = String((JSON.parse(d.toString()) as { content?: string }).content ?? '');
      const asked = traits.visitorTextReachesLlm ? text : '';
      const reply = `fake answer to ${JSON.stringify(asked)}`;
      requests.push({
        seq: requests.length + 1,
        path: '/v1/chat/completions',
        body: { messages: [{ role: 'user', content: asked }] },
        reply,
        lastUserTurn: asked,
        tools: [],
      });
      ws.send(JSON.stringify({ message_type: 2, content: reply, is_complete: false }));
      ws.send(JSON.stringify({ message_type: 2, content: traits.finalRepeatsAnswer ? reply : '', is_complete: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
}
