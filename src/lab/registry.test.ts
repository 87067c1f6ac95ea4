import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailtlsError } from '../errors.js';
import { DOVECOT_LAB } from './dovecot/kind.js';
import { POSTFIX_LAB } from './postfix-kind.js';
import { kindDir, labGetOf, labListOf, pickName, readPid, writeMeta } from './registry.js';

test('each kind has its directory: Postfix in the state directory, Dovecot in dovecot.d (never listed as a Postfix instance)', async () => {
  const state = await mkdtemp(join(tmpdir(), 'mailtls-registry-'));
  assert.equal(kindDir(POSTFIX_LAB, state), state);
  assert.equal(kindDir(DOVECOT_LAB, state), join(state, 'dovecot.d'));
  const pf = join(state, 'lab1');
  await mkdir(pf, { recursive: true });
  await writeMeta(pf, { ...POSTFIX_LAB.placeholder('lab1', pf), queueDir: join(pf, 'queue'), postfixVersion: '3.7.11' });
  await mkdir(join(state, 'dovecot.d', 'dovecot1'), { recursive: true });
  await mkdir(join(state, 'half-made'));
  const list = await labListOf(POSTFIX_LAB, { stateDir: state });
  assert.deepEqual(list.map((i) => [i.name, i.postfixVersion, i.running]), [['half-made', '', false], ['lab1', '3.7.11', false]]);
  assert.deepEqual((await labListOf(DOVECOT_LAB, { stateDir: state })).map((i) => [i.name, i.baseDir]), [['dovecot1', join(state, 'dovecot.d', 'dovecot1', 'run')]]);
  assert.equal((JSON.parse(await readFile(join(pf, 'instance.json'), 'utf8')) as { postfixVersion: string }).postfixVersion, '3.7.11');
  await assert.rejects(labGetOf(DOVECOT_LAB, 'lab1', { stateDir: state }), (e: unknown) => e instanceof MailtlsError && e.code === 'ELAB_NOTFOUND' && /no Dovecot lab instance is called "lab1"/.test(e.message));
});

test('names: the first free one by kind, an asked one checked and refused when taken', async () => {
  const state = await mkdtemp(join(tmpdir(), 'mailtls-registry-'));
  await mkdir(join(state, 'lab1'));
  assert.equal(pickName(POSTFIX_LAB, state, undefined), 'lab2');
  assert.equal(pickName(DOVECOT_LAB, state, undefined), 'dovecot1');
  assert.throws(() => pickName(POSTFIX_LAB, state, 'lab1'), (e: unknown) => e instanceof MailtlsError && e.code === 'ELAB_EXISTS' && /mailtls lab down --name lab1/.test(e.message));
  assert.throws(() => pickName(DOVECOT_LAB, state, 'Bad_Name'), (e: unknown) => e instanceof MailtlsError && e.code === 'EUSAGE');
});

test('a pid file holds a positive integer or nothing usable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mailtls-registry-'));
  await writeFile(join(dir, 'a'), '  1234\n');
  await writeFile(join(dir, 'b'), 'garbage\n');
  assert.equal(await readPid(join(dir, 'a')), 1234);
  assert.equal(await readPid(join(dir, 'b')), undefined);
  assert.equal(await readPid(join(dir, 'none')), undefined);
});
