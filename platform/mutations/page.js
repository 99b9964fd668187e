// The page's seeded mutations (REFERENCE_MUTATIONS; platform/mutations/page.ts says what each breaks), served as
// /suite/js/mutations.js right after /suite/js/profile.js: the page's steps, plain, wrapped by each mutation the
// server names in window.__REFERENCE_MUTATIONS__, as window.__PAGE_STEPS__. The page's scripts (desktop.js, chat.js,
// page-traits.js) call these steps and never ask which mutation runs.
(function () {
  const unname = (el) => {
    el.removeAttribute('aria-label');
    el.removeAttribute('title');
  };
  const plain = {
    /** Draws a dialog's TALK `text` into `el`; `escaped` is the page's own way (escaped, light Markdown). */
    showTalk: (el, text, escaped) => escaped(el, text),
    /** The text a finished turn shows: `chosen` is the page's own choice from what streamed and the final frame. */
    finalText: (streamed, content, chosen) => chosen,
    /** Sends `frame` on the open websocket (`reconnected`: it opened more than once). */
    send: (ws, frame) => ws.send(JSON.stringify(frame)),
    /** Whether a message sent while the websocket is down is kept and sent once it is back. */
    keepsOfflineMessage: true,
    /** Whether a message sent before the chat has its session is taken (shown, sent later). */
    takesEarlyMessage: true,
    /** The storages Sign Out forgets the token in. */
    forgetOnSignOut: () => [localStorage, sessionStorage],
    /** Runs the desktop's Sign In / Sign Out decision. */
    decideAuth: (decide) => decide(),
    /** After the page's scripts have set it up (page-traits.js, last). */
    loaded: () => undefined,
  };
  const wrappers = {
    'unescaped-talk': (s) => ({
      ...s,
      showTalk: (el, text) => {
        el.innerHTML = text;
      },
    }),
    'doubled-final-text': (s) => ({ ...s, finalText: (streamed, content) => streamed + (content || '') }),
    'stray-text-before-reply': (s) => ({
      ...s,
      finalText: (streamed, content, chosen) => `[draft] ${s.finalText(streamed, content, chosen)}`,
    }),
    'double-send-after-reconnect': (s) => ({
      ...s,
      send: (ws, frame, reconnected) => {
        s.send(ws, frame, reconnected);
        if (reconnected) ws.send(JSON.stringify(frame));
      },
    }),
    'drop-offline-message': (s) => ({ ...s, keepsOfflineMessage: false }),
    'no-send-after-reconnect': (s) => ({
      ...s,
      send: (ws, frame, reconnected) => {
        if (!reconnected) s.send(ws, frame, reconnected);
      },
    }),
    'message-never-sent': (s) => ({ ...s, send: () => undefined }),
    'drop-early-message': (s) => ({ ...s, takesEarlyMessage: false }),
    'signout-keeps-session-token': (s) => ({ ...s, forgetOnSignOut: () => [localStorage] }),
    // As botui does after 500 ms: a check that reads the static HTML sees "Sign In".
    'late-auth-decision': (s) => ({ ...s, decideAuth: (decide) => setTimeout(() => s.decideAuth(decide), 1000) }),
    'placeholder-only-name': (s) => ({
      ...s,
      loaded: () => {
        s.loaded();
        document.querySelectorAll('#messageInput').forEach((i) => i.removeAttribute('aria-label'));
      },
    }),
    'unlabelled-password': (s) => ({
      ...s,
      loaded: () => {
        s.loaded();
        document.querySelectorAll('label[for="password"]').forEach((l) => l.remove());
      },
    }),
    // Send loses its name once a message was sent through it. Once used, not from the start: a Send unnamed from the
    // start is not even found by the page objects (they find it by role and name), so the scans could not reach it.
    'unnamed-button': (s) => ({
      ...s,
      loaded: () => {
        s.loaded();
        document.addEventListener(
          'submit',
          () =>
            setTimeout(() =>
              document.querySelectorAll('#sendBtn').forEach((b) => {
                unname(b);
                b.textContent = '';
              }),
            ),
          true,
        );
      },
    }),
    'focus-trap': (s) => ({
      ...s,
      loaded: () => {
        s.loaded();
        const trap = document.querySelector('#email, #messageInput');
        if (trap)
          trap.addEventListener('keydown', (e) => {
            if (e.key === 'Tab') e.preventDefault();
          });
      },
    }),
    'fixed-width-layout': (s) => ({
      ...s,
      loaded: () => {
        s.loaded();
        document.documentElement.classList.add('mutation-fixed-width');
      },
    }),
  };
  window.__PAGE_MUTATION_NAMES__ = Object.keys(wrappers);
  window.__PAGE_STEPS__ = (window.__REFERENCE_MUTATIONS__ || []).reduce(
    (s, name) => (wrappers[name] ? wrappers[name](s) : s),
    plain,
  );
})();
