import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_TYPE, MAX_RECORD_LENGTH, RecordDeframer, decodeRecord, encodeRecord, encodeRecords, type Frame } from './record.js';
import { fromHex, toHex } from './bytes.js';
import { testCodec } from '../../test/helpers/test-codec.js';
import { MailtlsError } from '../errors.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MailtlsError, String(err));
    return err.code;
  }
  return 'none';
}

describe('record codec', () => {
  it('encodes the 5-byte header exactly and round-trips', () => {
    const bytes = testCodec(encodeRecord, decodeRecord, { type: CONTENT_TYPE.alert, version: 0x0303, fragment: fromHex('0228') });
    assert.equal(toHex(bytes), '15030300020228');
  });

  it('splits large payloads into 2^14-byte records', () => {
    const payload = new Uint8Array(2 ** 14 + 10).fill(7);
    const bytes = encodeRecords(CONTENT_TYPE.handshake, 0x0301, payload);
    const frames = new RecordDeframer().push(bytes);
    assert.deepEqual(frames.map((f) => (f.kind === 'tls' ? f.record.fragment.length : -1)), [2 ** 14, 10]);
  });

  it('rejects records longer than 2^14+2048 with ETOOLARGE', () => {
    assert.equal(codeOf(() => decodeRecord(fromHex('1603034801'))), 'ETOOLARGE');
    assert.equal(codeOf(() => encodeRecord({ type: 22, version: 0x0303, fragment: new Uint8Array(MAX_RECORD_LENGTH + 1) })), 'ETOOLARGE');
    assert.equal(codeOf(() => new RecordDeframer().push(fromHex('1603034801'))), 'ETOOLARGE');
  });
});

describe('RecordDeframer', () => {
  const stream = fromHex('16030100050102030405' + '15030300020228' + '1603030001ff');

  it('returns complete records however the bytes are split', () => {
    for (let split = 0; split <= stream.length; split++) {
      const d = new RecordDeframer();
      const frames: Frame[] = [...d.push(stream.subarray(0, split)), ...d.push(stream.subarray(split))];
      assert.equal(frames.length, 3, `split at ${split}`);
      assert.equal(d.buffered, 0);
      const [a, b, c] = frames;
      assert.ok(a?.kind === 'tls' && b?.kind === 'tls' && c?.kind === 'tls');
      assert.equal(toHex(a.record.fragment), '0102030405');
      assert.equal(a.record.version, 0x0301);
      assert.equal(b.record.type, CONTENT_TYPE.alert);
      assert.equal(toHex(c.record.fragment), 'ff');
    }
  });

  it('byte by byte', () => {
    const d = new RecordDeframer();
    let n = 0;
    for (const byte of stream) n += d.push(new Uint8Array([byte])).length;
    assert.equal(n, 3);
    assert.equal(d.framing, 'tls');
  });

  it('detects an SSLv2-framed reply', () => {
    const d = new RecordDeframer();
    const frames = d.push(fromHex('8003040001ff'));
    assert.equal(d.framing, 'sslv2');
    assert.deepEqual(frames.map((f) => (f.kind === 'sslv2' ? toHex(f.body) : 'tls')), ['040001']);
  });

  it('refuses what is not TLS (an SMTP line, a bad content type)', () => {
    assert.equal(codeOf(() => new RecordDeframer().push(new TextEncoder().encode('220 mx ESMTP\r\n'))), 'EDECODE');
    assert.equal(codeOf(() => new RecordDeframer().push(fromHex('1903030000'))), 'EDECODE');
    assert.equal(codeOf(() => new RecordDeframer({ allowSslv2: false }).push(fromHex('8003040001'))), 'EDECODE');
    const d = new RecordDeframer();
    d.push(fromHex('1603030000'));
    assert.equal(codeOf(() => d.push(fromHex('4142434445'))), 'EDECODE');
  });
});
