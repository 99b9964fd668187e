/**
 * Mutations of the pages: the page is a program of its own, so these are names the server hands it
 * (`window.__REFERENCE_MUTATIONS__`, in /suite/js/profile.js) and the page's scripts apply
 * (platform/public/suite/js/: page-traits.js, chat.js, desktop.js). Only these reach the page.
 */
export const PAGE_MUTATIONS = {
  'unnamed-button': 'a regression: the chat\'s send button loses its accessible name (text, title, aria-label) once a message was sent',
  'focus-trap': 'a regression: Tab and Shift+Tab on the first field of a page (login e-mail, chat message) keep the focus there',
  'fixed-width-layout': 'a regression: the chat window and the login card are 960 px wide, wider than a phone',
  'doubled-final-text': 'a regression of the page: the final frame\'s text is appended to the streamed reply again',
  'drop-early-message': 'a regression of the page: a message sent before the chat has its session is dropped without a word',
  'double-send-after-reconnect': 'a regression of the page: after the websocket reconnected, each message is sent twice',
  'drop-offline-message': 'a regression of the page: a message sent while the websocket is down is shown but never sent',
  'unescaped-talk': 'a regression of the page: a dialog\'s TALK is inserted as HTML (its markup runs), while LLM replies stay escaped',
  'signout-keeps-session-token': 'a regression of the page: Sign Out forgets the token in localStorage only (sessionStorage keeps it)',
  'late-auth-decision': 'a page that decides its Sign In / Sign Out label a second after loading (as botui does after 500 ms): a check that reads its static HTML judges a half-loaded page',
  'placeholder-only-name': 'a regression of the page: the message box loses its aria-label (its placeholder is its only name)',
} as const;
