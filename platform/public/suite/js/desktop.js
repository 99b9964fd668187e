// The desktop's Sign In / Sign Out control (contract §3.6): the stored token decides the label; Sign Out calls
// the logout API, then always forgets the token and reloads.
(function () {
  const button = document.getElementById('loginBtn');
  const token = () => localStorage.getItem('gb-access-token') || sessionStorage.getItem('gb-access-token');
  // The page's steps (/suite/js/mutations.js): which storages Sign Out forgets, and when the label is decided.
  const steps = window.__PAGE_STEPS__;
  const forgotten = steps.forgetOnSignOut();
  steps.decideAuth(decide);
  function decide() {
    if (token()) {
      button.textContent = 'Sign Out';
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await fetch('/api/auth/logout', { method: 'POST' });
        } catch (e) {
          console.warn('logout request failed', e);
        }
        for (const s of forgotten) s.removeItem('gb-access-token');
        location.reload();
      });
    } else {
      button.textContent = 'Sign In';
      button.addEventListener('click', () => {
        location.href = '/suite/auth/login.html';
      });
    }
    document.body.dataset.auth = token() ? 'signed-in' : 'signed-out';
  }
  // The chat window's title-bar buttons (botui window-manager.js): maximize toggles the maximized state (which hides
  // the taskbar under the pre and head profiles); minimize and close put the window away, and the taskbar's Chat
  // button brings it back.
  const chatWindow = document.getElementById('window-chat');
  const taskbarChat = document.getElementById('taskbar-chat');
  const putAway = () => {
    chatWindow.hidden = true;
    document.body.classList.remove('window-maximized');
    taskbarChat.hidden = false;
    taskbarChat.focus();
  };
  chatWindow
    .querySelector('.btn-maximize')
    .addEventListener('click', () => document.body.classList.toggle('window-maximized'));
  chatWindow.querySelector('.btn-minimize').addEventListener('click', putAway);
  chatWindow.querySelector('.btn-close').addEventListener('click', putAway);
  taskbarChat.addEventListener('click', () => {
    chatWindow.hidden = false;
    taskbarChat.hidden = true;
    document.getElementById('messageInput').focus();
  });
})();
