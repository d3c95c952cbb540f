import { CODEC_SESSION_SECONDS } from './codec-session';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The Content-Security-Policy of the page: its own inline script and style, nothing else. */
export function codecPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * GET /codec: where ops sign the browser in for the Temporal UI's codec. The key goes to
 * POST /codec/session as a bearer token (never into the page's URL or storage); the answer is an
 * HttpOnly cookie for /codec that the UI's requests carry with "include cross-origin credentials".
 */
export function codecPage(uiUrl: string, nonce: string): string {
  const ui = escapeHtml(uiUrl);
  const uiHost = escapeHtml(new URL(uiUrl).hostname);
  const hours = CODEC_SESSION_SECONDS / 3600;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Throughline: decode process data in the Temporal UI</title>
<style nonce="${nonce}">
body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1f; }
code { background: #f1f1f4; padding: 0 .25rem; border-radius: 3px; }
input { font: inherit; width: 22rem; max-width: 100%; }
button { font: inherit; }
#status { font-weight: 600; min-height: 1.5em; }
.note { color: #555; font-size: .9rem; }
</style>
</head>
<body>
<h1>Decode process data in the Temporal UI</h1>
<p>Process data (inputs, results, task decisions) is encrypted before it reaches Temporal. The
Temporal UI shows it in plain text only through this API's codec, and only for someone with the
role <code>ops</code> (or <code>admin</code>).</p>
<h2>1. Sign this browser in</h2>
<form id="sign-in">
<label for="key">API key</label><br>
<input id="key" name="key" type="password" autocomplete="off" required>
<button type="submit">Sign in</button>
</form>
<p id="status" role="status"></p>
<p class="note">The API keeps the session in an HttpOnly cookie for <code>/codec</code> on this host for
${hours} hours (the key itself is sealed in it, and checked again on every request, so a revoked key stops
working at once). <button id="sign-out" type="button">Sign out</button></p>
<h2>2. Point the Temporal UI at the codec</h2>
<ol>
<li>Open the <a href="${ui}">Temporal UI</a> and its <b>Codec Server</b> settings (in the navigation).</li>
<li>Choose <b>Use my browser setting and ignore Cluster-level setting</b>.</li>
<li>Codec Server endpoint: <code id="endpoint"></code></li>
<li>Tick <b>Include cross-origin credentials</b> (leave "Pass the user access token" off), then <b>Apply</b>.</li>
</ol>
<p class="note">The browser sends the cookie only to this host name: open this page under the same
host name as the UI (<code>${uiHost}</code>), e.g. not <code>127.0.0.1</code> when the UI is on
<code>localhost</code>.</p>
<script nonce="${nonce}">
(() => {
  const base = location.pathname.replace(/\\/+$/, '');
  const status = document.getElementById('status');
  document.getElementById('endpoint').textContent = location.origin + base;
  if (location.hostname !== ${JSON.stringify(new URL(uiUrl).hostname)}) {
    status.textContent = 'This page is open on ' + location.hostname + ', the Temporal UI on ' +
      ${JSON.stringify(new URL(uiUrl).hostname)} + ': the UI will not send this session. Open this page on the UI\\'s host name.';
  }
  document.getElementById('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('key');
    const key = input.value.trim();
    input.value = '';
    const response = await fetch(base + '/session', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + key },
      credentials: 'same-origin',
    }).catch(() => undefined);
    if (!response) { status.textContent = 'The API did not answer.'; return; }
    const body = await response.json().catch(() => ({}));
    status.textContent = response.ok
      ? 'Signed in as ' + body.userId + ' until ' + new Date(body.expiresAt).toLocaleString() + '.'
      : 'Not signed in: ' + (body.detail || response.status);
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    await fetch(base + '/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
    status.textContent = 'Signed out.';
  });
})();
</script>
</body>
</html>
`;
}
