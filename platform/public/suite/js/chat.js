// The chat (contract §5.1–5.5): anonymous session from /api/auth, websocket /ws, bubbles in #messages.
(function () {
  // The bot: botui's rule (suite_app.js detects it from the path): `/<bot>/` chats with that bot, else `default`.
  const firstSegment = location.pathname.replace(/^\/|\/$/g, '').split('/')[0];
  const botName =
    window.__INITIAL_BOT_NAME__ ||
    (firstSegment && !['suite', 'auth', 'api', 'chat', 'login'].includes(firstSegment) ? firstSegment : 'default');
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
  // The page's steps (/suite/js/mutations.js: plain, or wrapped by the project's seeded mutations).
  const steps = window.__PAGE_STEPS__;

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
    el.innerHTML =
      '<div class="thinking-indicator"><span class="thinking-dot"></span><span class="thinking-dot"></span><span class="thinking-dot"></span></div>';
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
  const botuiRendering = window.__REFERENCE_BOTUI_RENDERING__ === true;
  const RENDER_INTERVAL_MS = 200;
  let lastRender = 0;

  // Under `pre` and `head` (and the `unescaped-reply` mutation) a reply is inserted as botui inserts it
  // (chat-messages.js, contract §11.8): text holding a tag as raw HTML, a Markdown link as a link (marked keeps
  // `javascript:` hrefs); `intended` shows the reply as text.
  const replyAsHtml = window.__REFERENCE_REPLY_AS_HTML__ === true;
  function showReply(el, text) {
    if (!replyAsHtml) {
      el.textContent = text;
      return;
    }
    if (/<\/?[a-zA-Z][^>]*>|<!--|-->/.test(text)) {
      el.innerHTML = text;
      return;
    }
    el.textContent = text;
    el.innerHTML = el.innerHTML.replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^\s]*?\))+)\)/g, '<a href="$2">$1</a>');
  }

  // A dialog's message (TALK, BEGIN TALK … END TALK): one bubble, its Markdown rendered safely — the text escaped
  // first, then **bold**, *emphasis* and line breaks (docs/contract.md "Tools, context and prompt blocks"). Under
  // pre/head it is shown as botui shows a TALK (showReply: its Markdown marks as text, its lines run together;
  // caveat talkMarkdownNotRendered).
  function escapeHtml(t) {
    return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function showTalk(el, text) {
    if (replyAsHtml) return showReply(el, text);
    steps.showTalk(el, text, showTalkEscaped);
  }
  function showTalkEscaped(el, text) {
    el.innerHTML = escapeHtml(text)
      .split('\n')
      .map((line) =>
        line
          .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
          .replace(/(^|[^*\w])\*([^*\s][^*\n]*?)\*(?!\w)/g, '$1<em>$2</em>'),
      )
      .join('<br>');
  }

  // The page's own end-of-turn state: #messages counts the turns whose final frame it has drawn.
  function turnEnded() {
    messages.dataset.turnsEnded = String(Number(messages.dataset.turnsEnded || 0) + 1);
  }

  function finish(text) {
    turnEnded();
    if (streaming) {
      showReply(streaming.querySelector('.message-content'), text);
      streaming.removeAttribute('id');
    } else if (text.trim()) {
      showTalk(bubble('bot', '').querySelector('.message-content'), text);
    }
    streaming = null;
    streamed = '';
  }

  // Suggestion buttons a dialog offers (ADD SUGGESTION), rendered from a final frame as botui does; a click sends
  // the suggestion's message (messageOf) as the visitor's.
  const suggestionsEl = document.getElementById('suggestions');
  // What a click sends: the action's message where it has one (`{"message":…,"type":"send_message"}`, the builds'
  // shape for ADD SUGGESTION TEXT "value" AS "label"), else the suggestion's text.
  function messageOf(s) {
    try {
      const action = JSON.parse(s.action);
      if (action && typeof action.message === 'string') return action.message;
    } catch {
      /* no action, or not that shape */
    }
    return s.text || '';
  }
  function renderSuggestions(list) {
    suggestionsEl.textContent = '';
    for (const s of list) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'suggestion-chip';
      chip.textContent = s.text || 'Suggestion';
      chip.addEventListener('click', () => sendAsVisitor(messageOf(s)));
      suggestionsEl.appendChild(chip);
    }
  }

  function onFrame(frame) {
    if (frame.type === 'connected' || frame.message_type !== 2) return;
    if (frame.is_complete && Array.isArray(frame.suggestions) && frame.suggestions.length)
      renderSuggestions(frame.suggestions);
    if (frame.thinking) return showThinking();
    hideThinking();
    if (!frame.is_complete) {
      if (!frame.content) return;
      streamed += frame.content;
      if (!streaming) {
        streaming = bubble('bot', '');
        if (!botuiRendering) showReply(streaming.querySelector('.message-content'), streamed);
        streaming.id = 'streaming-' + Date.now();
        lastRender = Date.now();
      } else if (!botuiRendering || Date.now() - lastRender > RENDER_INTERVAL_MS) {
        showReply(streaming.querySelector('.message-content'), streamed);
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
    finish(
      steps.finalText(
        streamed,
        frame.content,
        botuiRendering ? streamed || frame.content || '' : frame.content || streamed,
      ),
    );
  }

  function send(text) {
    const frame = {
      bot_id: ids.bot_id,
      user_id: ids.user_id,
      session_id: ids.session_id,
      channel: 'web',
      content: text,
      message_type: 1,
      active_switchers: [],
      timestamp: new Date().toISOString(),
    };
    if (ws && ws.readyState === WebSocket.OPEN) {
      steps.send(ws, frame, opens > 1);
    } else if (steps.keepsOfflineMessage && !window.__REFERENCE_DROPS_OFFLINE_MESSAGE__) outbox.push(frame);
    // (As botui does where recorded: a message sent while the websocket is down is shown but never sent.)
  }

  let opens = 0;
  function connect(delay) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(
      scheme +
        '//' +
        location.host +
        '/ws?session_id=' +
        encodeURIComponent(ids.session_id) +
        '&user_id=' +
        encodeURIComponent(ids.user_id) +
        '&bot_name=' +
        encodeURIComponent(botName),
    );
    ws.onopen = () => {
      opens++;
      setStatus('Connected', true);
      while (outbox.length) ws.send(JSON.stringify(outbox.shift()));
    };
    ws.onmessage = (event) => {
      try {
        onFrame(JSON.parse(event.data));
      } catch (e) {
        console.warn('frame ignored', e);
      }
    };
    ws.onclose = () => {
      setStatus('Disconnected', false);
      hideThinking();
      setTimeout(() => connect(Math.min(delay * 2, 10000)), delay);
    };
  }

  async function start() {
    let saved = {};
    try {
      saved = JSON.parse(localStorage.getItem(storeKey) || '{}');
    } catch (e) {
      saved = {};
    }
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

  // The visitor's message (typed, or a suggestion clicked): its bubble, then sent; before the chat has its session
  // it waits and is sent once there is one (intended: never dropped without a word).
  function sendAsVisitor(text) {
    if (!text) return false;
    if (!ids && !steps.takesEarlyMessage) return false;
    bubble('user', text);
    if (ids) send(text);
    // As botui does where recorded (chat-init.js: shown, input cleared, sent only when the socket is open).
    else if (!window.__REFERENCE_DROPS_EARLY_MESSAGE__) early.push(text);
    return true;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sendAsVisitor(input.value.trim())) input.value = '';
  });
  start();
})();
