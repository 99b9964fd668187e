/**
 * Mutations of the pages: the page is a program of its own, so the server hands it these names
 * (`window.__REFERENCE_MUTATIONS__`, in /suite/js/profile.js) and page.js, beside this file (served as
 * /suite/js/mutations.js), wraps the page's steps by them; the page's scripts call the steps. Only these names reach
 * the page. A page mutation is its description here and its wrapper in page.js (project-tests/mutations.test.ts
 * checks the two name the same mutations).
 */
export const PAGE_MUTATIONS = {
  'unnamed-button':
    "a regression: the chat's send button loses its accessible name (text, title, aria-label) once a message was sent",
  'focus-trap':
    'a regression: Tab and Shift+Tab on the first field of a page (login e-mail, chat message) keep the focus there',
  'fixed-width-layout': 'a regression: the chat window and the login card are 960 px wide, wider than a phone',
  'doubled-final-text': "a regression of the page: the final frame's text is appended to the streamed reply again",
  'stray-text-before-reply':
    'a regression of the page: a stray text ("[draft] ") is drawn before every reply once its turn ended',
  'message-never-sent':
    "a regression of the page: a visitor's message is shown in the chat but never sent over the websocket",
  'drop-early-message':
    'a regression of the page: a message sent before the chat has its session is dropped without a word',
  'double-send-after-reconnect':
    'a regression of the page: after the websocket reconnected, each message is sent twice',
  'drop-offline-message':
    'a regression of the page: a message sent while the websocket is down is shown but never sent',
  'no-send-after-reconnect':
    'a regression of the page: after the websocket reconnected, a message is shown but never sent',
  'unescaped-talk':
    "a regression of the page: a dialog's TALK is inserted as HTML (its markup runs), while LLM replies stay escaped",
  'signout-keeps-session-token':
    'a regression of the page: Sign Out forgets the token in localStorage only (sessionStorage keeps it)',
  'late-auth-decision':
    'a page that decides its Sign In / Sign Out label a second after loading (as botui does after 500 ms): a check that reads its static HTML judges a half-loaded page',
  'placeholder-only-name':
    'a regression of the page: the message box loses its aria-label (its placeholder is its only name)',
  'unlabelled-password':
    "a regression of the page: the login form's password field loses its <label> (its placeholder is its only name)",
} as const;
