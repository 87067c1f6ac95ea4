/**
 * The audit's SARIF and HTML, checked by tools nobody here wrote: the SARIF 2.1.0 JSON schema
 * (Microsoft's SARIF SDK ships it in @microsoft/jest-sarif) with ajv, and the HTML rendered by
 * a real headless Chromium, whose screenshot the test decodes and looks at.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import AjvModule from 'ajv-draft-04';
import type { AuditReport } from '../../src/audit/types.js';
import { renderAuditHtml } from '../../src/report/audit-html.js';
import { renderAuditSarif } from '../../src/report/audit-sarif.js';
import { renderAuditText } from '../../src/report/audit-text.js';
import { makeStyle } from '../../src/report/terminal.js';
import { countColour, decodePng } from '../helpers/png.js';
import { needs } from '../helpers/requires.js';

const require = createRequire(import.meta.url);
// ajv for JSON Schema draft-04, the draft the SDK's SARIF schema is written in.
const Ajv = AjvModule.default;
const FIXTURE = new URL('../fixtures/audit/webshop-lab.json', import.meta.url);
const report = (): AuditReport => JSON.parse(readFileSync(FIXTURE, 'utf8')) as AuditReport;

/** The same report with hostile text where the network puts text: banners, client names, findings. */
function hostile(): AuditReport {
  const r = report();
  const evil = '<script>alert(1)</script><img src="http://192.0.2.1/x.png">"\'&\u001b]0;pwned\u0007\u001b[31mred';
  return {
    ...r,
    services: r.services.map((s) => ({ ...s, roleSource: evil, differences: [{ what: 'versions', predicted: [evil], observed: [], cause: 'unknown', explanation: evil }] })),
    findings: r.findings.map((f) => ({ ...f, message: `${f.message} ${evil}` })),
    fixes: r.fixes.map((f) => ({ ...f, impact: { ...f.impact, clients: [{ client: evil, sessions: 1, lastSeen: null, users: [evil], reasons: [evil], totalSessions: 1 }] } })),
  };
}

describe('audit SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with config findings on their file:line and wire findings on their service', () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // unicodeRegExp off: the schema's `language` pattern has a stray ']' that only the u flag rejects.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const r = report();
    const sarif = renderAuditSarif(r) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } }; logicalLocations?: { name: string }[] }[] }[]; tool: { driver: { rules: { id: string; help: { text: string } }[] } } }[] };
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.results.length, r.findings.length);
    const ids = new Set(r.findings.map((f) => f.id));
    assert.equal(run.tool.driver.rules.length, ids.size, 'one rule per finding id');
    const cfg = r.findings.findIndex((f) => f.id === 'client-parameter-on-server');
    const loc = run.results[cfg]?.locations[0]?.physicalLocation;
    assert.deepEqual([loc?.artifactLocation.uri, loc?.artifactLocation.uriBaseId, loc?.region?.startLine], ['master.cf', 'CONFIG_DIR', 13]);
    const wire = r.findings.findIndex((f) => f.source === 'wire' && f.service === 'submission/inet');
    assert.equal(run.results[wire]?.locations[0]?.logicalLocations?.[0]?.name, 'submission/inet');
    // The fix travels with the rule's help text.
    assert.match(run.tool.driver.rules.find((x) => x.id === 'submission-old-tls')?.help.text ?? '', /postconf .*smtpd_tls_mandatory_protocols=>=TLSv1\.2/);
    // Invalid SARIF is caught by the same validator (the check can fail).
    assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false);
  });
});

describe('audit HTML', () => {
  it('is one self-contained file, every text escaped', () => {
    const html = renderAuditHtml(hostile());
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.doesNotMatch(html, /<(script|img|link|iframe|object)\b|\s(src|href)\s*=\s*["']?(https?:|\/\/)|@import|url\(/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('the terminal report never passes the network\'s control characters to the terminal', () => {
    const text = renderAuditText(hostile(), makeStyle(false), 100);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(text, /\\x1b\]0;pwned\\x07/);
  });

  it('the terminal report names the services, the verdicts and the fixes', () => {
    const text = renderAuditText(report(), makeStyle(false), 100);
    assert.match(text, /submission\/inet +127\.0\.0\.1:\d+ +submission +FAIL/);
    assert.match(text, /impact breaks 1 client seen in the log/);
    assert.match(text, /gentler: accept TLSv1\.1 or newer instead/);
  });

  const chromium = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  // Chromium calls Google's hosts even with its background networking off: it runs in a network
  // namespace of its own, which has nothing but a loopback device that is down (the test loads a
  // file:// page), and resolves no name.
  const isolated = spawnSync('unshare', ['--net', 'true']).status === 0;
  const browser = isolated ? ['unshare', '--net', '--', chromium] : [chromium];
  it('renders in headless Chromium: the screenshot shows the page with a red and an amber verdict, the DOM has the services and fixes', { skip: needs(chromium !== '', 'chromium (npm test installs it)'), timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-html-'));
    try {
      const file = join(dir, 'audit.html');
      writeFileSync(file, renderAuditHtml(hostile()));
      const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', '--host-resolver-rules=MAP * ~NOTFOUND'];
      execFileSync(browser[0] ?? chromium, [...browser.slice(1), ...flags, `--screenshot=${join(dir, 'shot.png')}`, '--window-size=1200,900', `file://${file}`], { stdio: 'ignore', timeout: 45_000 });
      const img = decodePng(readFileSync(join(dir, 'shot.png')));
      assert.deepEqual([img.width, img.height], [1200, 900]);
      const white = countColour(img, [255, 255, 255], 2);
      assert.ok(white < img.width * img.height * 0.97, 'the page is not blank');
      // Badges: the report's overall and submission verdicts are FAIL (red), smtp WARN (amber).
      const red = countColour(img, [0xcf, 0x22, 0x2e]);
      const amber = countColour(img, [0x9a, 0x67, 0x00]);
      assert.ok(red > 300, `red badge pixels: ${red}`);
      assert.ok(amber > 150, `amber badge pixels: ${amber}`);
      assert.ok(red > amber, 'two FAIL badges above the fold, one WARN');
      const dom = execFileSync(browser[0] ?? chromium, [...browser.slice(1), ...flags, '--dump-dom', `file://${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 45_000 });
      assert.match(dom, /data-service="submission\/inet"/);
      assert.match(dom, /data-verdict="fail"/);
      assert.match(dom, /id="fix-1"/);
      assert.doesNotMatch(dom, /<script>alert/);
      assert.equal((dom.match(/<img/g) ?? []).length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
