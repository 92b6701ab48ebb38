// The panel's HTML: one script and one stylesheet from dist/, a Content Security Policy that
// allows nothing else (scripts only with this page's nonce), and the body the script fills in.
// Pure (no `vscode` import), so the policy is checked by a unit test.

export interface PanelPage {
  /** webview.cspSource: the origin local resources load from */
  cspSource: string;
  /** a fresh random value per page load */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function contentSecurityPolicy(p: Pick<PanelPage, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${p.nonce}'`,
    `style-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:`,
    `font-src ${p.cspSource}`,
  ].join('; ');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(p: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>Char-RNN Training</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>
`;
}

/** 32 random alphanumerics from a source of random bytes (crypto.getRandomValues in practice). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => chars[b % chars.length]).join('');
}
