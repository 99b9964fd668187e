// How the page differs by build profile (window.__REFERENCE_PAGE__ from /suite/js/profile.js: the profile's build
// record says `page`); last, the page's `loaded` step (the project's mutations wrap it: /suite/js/mutations.js). `intended` is the
// page as it should be; `botui` is made as botui's was measured (contract §11.7, §11.8): the chat window's title-bar buttons and the
// login page's password toggle have no accessible name, the messages are no live region; and (suite.css,
// .botui-traits) the maximized chat hides the taskbar, the "Forgot password?" link has too little contrast, the
// Remember me checkbox is not displayed; and the desktop gets botui's theme stylesheet (link#theme-css), whose
// window title and user bubble have too little contrast.
(function () {
  const root = document.documentElement;
  const page = window.__REFERENCE_PAGE__ || 'intended';
  const unname = (el) => {
    el.removeAttribute('aria-label');
    el.removeAttribute('title');
  };
  if (page === 'botui') {
    root.classList.add('botui-traits');
    document.querySelectorAll('#window-chat .window-controls button, .password-toggle').forEach(unname);
    // botui's e-mail field is labelled "Email Address" (auth/login.html).
    document.querySelectorAll('label[for="email"]').forEach((l) => {
      l.textContent = 'Email Address';
    });
    // botui's message box has no name but its placeholder (chat.html).
    document.querySelectorAll('#messageInput').forEach((i) => i.removeAttribute('aria-label'));
    const messages = document.getElementById('messages');
    if (messages) messages.removeAttribute('aria-live');
    if (document.getElementById('window-chat')) {
      // As botui's chat-theme.js: the bot's theme from GET /api/bot/config; where that is not routed (a 404 in the
      // console), no theme, and (suite.css .no-bot-theme) the title-bar buttons show no focus.
      fetch('/api/bot/config?bot_name=default').then(
        (r) =>
          r.text().then(() => {
            if (!r.ok) root.classList.add('no-bot-theme');
          }),
        () => root.classList.add('no-bot-theme'),
      );
      const theme = document.createElement('link');
      theme.id = 'theme-css';
      theme.rel = 'stylesheet';
      theme.href = '/suite/css/botui-theme.css';
      document.head.appendChild(theme);
    }
  }
  window.__PAGE_STEPS__.loaded();
})();
