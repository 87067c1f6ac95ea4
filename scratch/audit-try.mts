import { labUp, labDown } from '/work/main/src/lab/index.js';
import { runAudit } from '/work/main/src/audit/run.js';
import { clientSession } from '/work/main/src/lab/traffic.js';
const stub = { profile: { id: 'stub', title: 'stub', version: '0', date: '', sources: [], partial: null },
  gradeScan: (r: any) => ({ rules: [], findings: r.findings }), gradeConfig: () => [] };
await labDown('atry').catch(() => undefined);
const lab = await labUp({ name: 'atry', configDir: '/work/main/examples/webshop' });
try {
  const sub = lab.services.find((s) => s.service === 'submission')!;
  for (const c of [{ from: '127.0.0.10', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ECDHE-RSA-AES256-SHA' }, { from: '127.0.0.11', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, { from: '127.0.0.12', minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES128-SHA' }] as const)
    console.error(await clientSession({ ...c, port: sub.port }));
  const t = Date.now();
  const r = await runAudit({ configDir: lab.configDir, grader: stub as any, failOn: 'high', onProgress: (l) => console.error(l) });
  console.error('ms', Date.now() - t);
  console.log(JSON.stringify({ ...r, services: r.services.map((s) => ({ ...s, scan: null })) }, null, 1));
} finally { await labDown('atry'); }
