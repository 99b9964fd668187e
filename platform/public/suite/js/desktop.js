// The desktop's Sign In / Sign Out control (contract §3.6): the stored token decides the label; Sign Out calls
// the logout API, then always forgets the token and reloads.
(function () {
  const button = document.getElementById('loginBtn');
  const token = () => localStorage.getItem('gb-access-token') || sessionStorage.getItem('gb-access-token');
  if (token()) {
    button.textContent = 'Sign Out';
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await fetch('/api/auth/logout', { method: 'POST' });
      } catch (e) {
        console.warn('logout request failed', e);
      }
      for (const s of [localStorage, sessionStorage]) s.removeItem('gb-access-token');
      location.reload();
    });
  } else {
    button.textContent = 'Sign In';
    button.addEventListener('click', () => { location.href = '/suite/auth/login.html'; });
  }
  document.body.dataset.auth = token() ? 'signed-in' : 'signed-out';
  // The chat window's maximize button toggles the maximized state, which hides the taskbar (botui window-manager.js).
  document.querySelector('#window-chat .btn-maximize').addEventListener('click', () => document.body.classList.toggle('window-maximized'));
})();
