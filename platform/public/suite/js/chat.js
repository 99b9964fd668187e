// The chat (contract §5.1–5.5): anonymous session from /api/auth, websocket /ws, bubbles in #messages.
(function () {
  const botName = window.__INITIAL_BOT_NAME__ || 'default';
  const storeKey = 'gb_chat_' + botName;
  const messages = document.getElementById('messages');
  const input = document.getElementById('messageInput');
  const form = document.getElementById('chatForm');
  const status = document.getElementById('connectionStatus');
  const statusText = status.querySelector('.connection-text');
  let ws = null;
  let ids = null;
  let streaming = null;
  let streamed = '';
  const outbox = [];
  // Messages sent before the chat has its session: sent once it has one (intended: never dropped without a word).
  const early = [];
  // Seeded regressions of the page, for the project's tests only (REFERENCE_MUTATIONS, platform/profile.ts).
  const mutations = window.__REFERENCE_MUTATIONS__ || [];

  function setStatus(text, connected) {
    statusText.textContent = text;
    status.classList.toggle('connected', connected);
  }

  function bubble(kind, content, extraClass) {
    const wrap = document.createElement('div');
    wrap.className = 'message ' + kind + (extraClass ? ' ' + extraClass : '');
    const body = document.createElement('div');
    body.className = 'message-content ' + (kind === 'user' ? 'user-message' : 'bot-message');
    body.textContent = content;
    wrap.appendChild(body);
    messages.appendChild(wrap);
    messages.scrollTop = messages.scrollHeight;
    return wrap;
  }

  function showThinking() {
    if (document.getElementById('thinking-indicator')) return;
    const el = document.createElement('div');
    el.id = 'thinking-indicator';
    el.className = 'message bot';
    el.innerHTML = '<div class="thinking-indicator"><span class="thinking-dot"></span><span class="thinking-dot"></span><span class="thinking-dot"></span></div>';
    messages.appendChild(el);
  }

  function hideThinking() {
    const el = document.getElementById('thinking-indicator');
    if (el) el.remove();
  }

  // Under the `pre` and `head` profiles the page renders as botui does (chat-messages.js): the first piece of a
  // stream opens an empty placeholder bubble, later pieces are drawn at most every 200 ms of page time, a turn
  // that ends with an empty final frame adds nothing, and no error is ever shown. `intended` draws every piece
  // at once and shows an error when the final frame carries one.
  const botuiRendering = (window.__REFERENCE_PROFILE__ || 'intended') !== 'intended';
  const RENDER_INTERVAL_MS = 200;
  let lastRender = 0;

  // The page's own end-of-turn state: #messages counts the turns whose final frame it has drawn.
  function turnEnded() {
    messages.dataset.turnsEnded = String(Number(messages.dataset.turnsEnded || 0) + 1);
  }

  function finish(text) {
    turnEnded();
    if (streaming) {
      streaming.querySelector('.message-content').textContent = text;
      streaming.removeAttribute('id');
    } else if (text.trim()) {
      bubble('bot', text);
    }
    streaming = null;
    streamed = '';
  }

  function onFrame(frame) {
    if (frame.type === 'connected' || frame.message_type !== 2) return;
    if (frame.thinking) return showThinking();
    hideThinking();
    if (!frame.is_complete) {
      if (!frame.content) return;
      streamed += frame.content;
      if (!streaming) {
        streaming = bubble('bot', botuiRendering ? '' : streamed);
        streaming.id = 'streaming-' + Date.now();
        lastRender = Date.now();
      } else if (!botuiRendering || Date.now() - lastRender > RENDER_INTERVAL_MS) {
        streaming.querySelector('.message-content').textContent = streamed;
      }
      return;
    }
    if (frame.error && !botuiRendering) {
      if (streaming) streaming.removeAttribute('id');
      streaming = null;
      streamed = '';
      bubble('bot', 'Sorry, the assistant could not answer: ' + frame.error, 'error');
      turnEnded();
      return;
    }
    if (mutations.indexOf('doubled-final-text') >= 0) return finish(streamed + (frame.content || ''));
    finish(botuiRendering ? streamed || frame.content || '' : frame.content || streamed);
  }

  function send(text) {
    const frame = { bot_id: ids.bot_id, user_id: ids.user_id, session_id: ids.session_id, channel: 'web', content: text, message_type: 1, active_switchers: [], timestamp: new Date().toISOString() };
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    else outbox.push(frame);
  }

  function connect(delay) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(scheme + '//' + location.host + '/ws?session_id=' + encodeURIComponent(ids.session_id) + '&user_id=' + encodeURIComponent(ids.user_id) + '&bot_name=' + encodeURIComponent(botName));
    ws.onopen = () => {
      setStatus('Connected', true);
      while (outbox.length) ws.send(JSON.stringify(outbox.shift()));
    };
    ws.onmessage = (event) => {
      try { onFrame(JSON.parse(event.data)); } catch (e) { console.warn('frame ignored', e); }
    };
    ws.onclose = () => {
      setStatus('Disconnected', false);
      hideThinking();
      setTimeout(() => connect(Math.min(delay * 2, 10000)), delay);
    };
  }

  async function start() {
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(storeKey) || '{}'); } catch (e) { saved = {}; }
    const q = new URLSearchParams({ bot_name: botName });
    if (saved.user_id) q.set('user_id', saved.user_id);
    if (saved.session_id) q.set('session_id', saved.session_id);
    try {
      const response = await fetch('/api/auth?' + q);
      if (!response.ok) throw new Error('HTTP ' + response.status);
      ids = await response.json();
      localStorage.setItem(storeKey, JSON.stringify({ user_id: ids.user_id, session_id: ids.session_id }));
      connect(500);
      while (early.length) send(early.shift());
    } catch (e) {
      setStatus('Disconnected', false);
      setTimeout(start, 3000);
    }
  }

  // The chat window is open and focused: the document is named after it, as botui's window manager does.
  document.title = 'Chat - General Bots';

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (!ids && mutations.indexOf('drop-early-message') >= 0) return;
    bubble('user', text);
    if (ids) send(text);
    // As botui does where recorded (chat-init.js: shown, input cleared, sent only when the socket is open).
    else if (!window.__REFERENCE_DROPS_EARLY_MESSAGE__) early.push(text);
    input.value = '';
  });
  start();
})();
