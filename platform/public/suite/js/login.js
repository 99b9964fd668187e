// The login form (contract §3.4–3.5): POST /api/auth/login as JSON; on success store the tokens in both
// storages and go to ?redirect, the answer's redirect, or /#chat; on failure show #error-message.visible.
(function () {
  const form = document.getElementById('login-form');
  const box = document.getElementById('error-message');
  const text = document.getElementById('error-text');
  const showError = (message) => {
    text.textContent = message;
    box.classList.add('visible');
  };
  for (const input of document.querySelectorAll('.form-input'))
    input.addEventListener('input', () => box.classList.remove('visible'));
  // The password toggle shows or hides the password (botui login.html's togglePassword).
  const toggle = document.querySelector('.password-toggle');
  const password = document.getElementById('password');
  toggle.addEventListener('click', () => {
    const show = password.type === 'password';
    password.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { email: data.get('email'), password: data.get('password') };
    if (data.get('remember')) body.remember = 'true';
    const button = document.getElementById('login-btn');
    button.disabled = true;
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) return showError(answer.error || 'An error occurred. Please try again.');
      if (answer.access_token) {
        for (const s of [localStorage, sessionStorage]) {
          s.setItem('gb-access-token', answer.access_token);
          if (answer.refresh_token) s.setItem('gb-refresh-token', answer.refresh_token);
          if (answer.expires_in) s.setItem('gb-token-expires', String(Date.now() + answer.expires_in * 1000));
        }
      }
      const next =
        new URLSearchParams(location.search).get('redirect') || answer.redirect || location.origin + '/#chat';
      location.href = next;
    } catch (e) {
      showError('An error occurred. Please try again.');
    } finally {
      button.disabled = false;
    }
  });
})();
