/** Starts a stand-in's server in-process on a free 127.0.0.1 port, for the project's tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Reads an SSE body the way BotServer does (contract §5.7): concatenated `choices[0].delta.content`, `[DONE]` skipped. */
export function parseSse(body: string): { text: string; done: boolean; finish: boolean; lines: string[] } {
  const lines = body.split('\n').filter((l) => l.startsWith('data: '));
  let text = '';
  let done = false;
  let finish = false;
  for (const l of lines) {
    const data = l.slice(6);
    if (data.includes('[DONE]')) {
      done = true;
      continue;
    }
    const j = JSON.parse(data);
    text += j.choices?.[0]?.delta?.content ?? '';
    if (j.choices?.[0]?.finish_reason === 'stop') finish = true;
  }
  return { text, done, finish, lines };
}
