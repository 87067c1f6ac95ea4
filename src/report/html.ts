/**
 * What the self-contained HTML reports share (audit, check): escaping, the one stylesheet
 * (inline: the pages carry a Content-Security-Policy that forbids any other), verdict badges.
 */
import type { Verdict } from '../audit/types.js';

const ESC: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number | null | undefined): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c] ?? c);

export const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export const STYLE = `
:root { --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --muted: #57606a; --line: #d0d7de; --bg2: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: var(--muted); font-size: 13px; margin: 2px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg2); font-weight: 600; }
.badge { display: inline-block; min-width: 48px; text-align: center; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 700; font-size: 12px; }
.v-pass { background: var(--pass); } .v-warn { background: var(--warn); } .v-fail { background: var(--fail); }
.sev { font-weight: 700; font-size: 12px; text-transform: uppercase; }
.sev-critical, .sev-high { color: var(--fail); } .sev-medium { color: var(--warn); } .sev-low { color: #0969da; } .sev-info { color: var(--muted); }
code, pre { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
pre { background: var(--bg2); border: 1px solid var(--line); padding: 8px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.m-both { background: #dafbe1; } .m-conf { background: #fff8c5; } .m-wire { background: #ffebe9; } .m-none { color: var(--muted); }
.ok { color: var(--pass); } .bad { color: var(--fail); } .muted { color: var(--muted); }
details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
summary { cursor: pointer; font-weight: 600; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  details { border: none; padding: 0; } details > summary { list-style: none; }
  tr, pre, .fix { break-inside: avoid; } h2 { break-after: avoid; }
  .badge { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}`;

export const badge = (v: Verdict) => `<span class="badge v-${v}" data-verdict="${v}">${v.toUpperCase()}</span>`;
export const sev = (s: string) => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;

/** A whole page: the CSP that allows only the inline style, the title, the body. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
