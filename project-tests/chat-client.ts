/** A websocket chat client for the project's tests: connect as the UI does, send a turn, collect its frames. */
import WebSocket from 'ws';

export interface Frame {
  type?: string;
  content?: string;
  is_complete?: boolean;
  thinking?: boolean;
  error?: string;
  message_type?: number;
  [k: string]: unknown;
}

export class ChatClient {
  readonly frames: Frame[] = [];
  private readonly ws: WebSocket;
  private waiters: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(d.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(baseUrl: string, query: Record<string, string>): Promise<ChatClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws?${new URLSearchParams(query)}`);
    const client = new ChatClient(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    await client.until((f) => f.type === 'connected');
    return client;
  }

  /** Resolves with the first frame (from index `from`) matching `pred`; fails after `ms`. */
  async until(pred: (f: Frame) => boolean, from = 0, ms = 10_000): Promise<Frame> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.frames.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no matching frame within ${ms} ms; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }

  sendRaw(data: string): void {
    this.ws.send(data);
  }

  /** Sends a turn as the UI does and returns the frames of that turn, through its `is_complete` frame. */
  async turn(content: string, ids: { bot_id: string; user_id: string; session_id: string }): Promise<Frame[]> {
    const from = this.frames.length;
    this.ws.send(JSON.stringify({ ...ids, channel: 'web', content, message_type: 1, active_switchers: [], timestamp: new Date().toISOString() }));
    await this.until((f) => f.is_complete === true, from);
    const end = this.frames.findIndex((f, i) => i >= from && f.is_complete === true);
    return this.frames.slice(from, end + 1);
  }

  close(): void {
    this.ws.close();
  }
}
