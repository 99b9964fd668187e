// Adds the stored login token to every fetch of this origin (as botui's security-bootstrap.js does, contract §3.6).
(function () {
  const original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const token = localStorage.getItem('gb-access-token') || sessionStorage.getItem('gb-access-token');
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    if (!token || url.origin !== location.origin) return original(input, init);
    const headers = new Headers((init && init.headers) || (typeof input !== 'string' && input.headers) || {});
    if (!headers.has('Authorization')) headers.set('Authorization', 'Bearer ' + token);
    return original(input, Object.assign({}, init, { headers }));
  };
})();
