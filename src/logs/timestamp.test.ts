import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IsoClock, parseIsoTime, parseSyslogParts, parseTimeArgument, SyslogClock, YearTracker } from './timestamp.js';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();

describe('classic syslog stamps', () => {
  test('space-padded (syslogd) and zero-padded (Postfix maillog_file, "%b %d") days', () => {
    assert.deepEqual(parseSyslogParts('Nov  1 08:03:09 host'), { month: 11, day: 1, hour: 8, minute: 3, second: 9 });
    assert.deepEqual(parseSyslogParts('Nov 01 08:03:09 host'), { month: 11, day: 1, hour: 8, minute: 3, second: 9 });
    assert.equal(parseSyslogParts('Foo 01 08:03:09 host'), null);
    // some syslog daemons write a one-digit day after one space
    assert.deepEqual(parseSyslogParts('Jan 6 08:39:06 mail'), { month: 1, day: 6, hour: 8, minute: 39, second: 6 });
    assert.equal(parseSyslogParts('Jan 0 08:39:06 mail'), null);
    assert.equal(parseSyslogParts('Jan 6 8:39:06 mail'), null);
    assert.equal(parseSyslogParts('Nov 01 25:03:09 host'), null);
  });

  test('the year comes from the reference; a stamp after it belongs to the previous year', () => {
    const ref = local(2027, 1, 2, 12);
    assert.equal(new YearTracker(ref).yearFor(12, 30), 2026);
    assert.equal(new YearTracker(ref).yearFor(1, 2), 2027);
    assert.equal(new YearTracker(local(2026, 11, 21)).yearFor(9, 19), 2026);
  });

  test('Dec -> Jan in one file rolls the year over; a stray Dec line after Jan does not', () => {
    const y = new YearTracker(local(2027, 1, 2));
    assert.equal(y.yearFor(12, 31), 2026);
    assert.equal(y.yearFor(1, 1), 2027);
    assert.equal(y.yearFor(12, 31), 2026, 'reordered line around midnight');
    assert.equal(y.yearFor(1, 1), 2027);
    assert.equal(y.yearFor(3, 1), 2027);
  });

  test('lines out of order (sources concatenated) never push the year forward', () => {
    // cat mail.log.1 mail.log.3 mail.log.2 > all.log: months jump back and forth by a few at a time
    const y = new YearTracker(local(2026, 12, 8));
    const years = [1, 5, 9, 3, 7, 11, 4, 8, 12, 6].map((m) => y.yearFor(m, 1));
    assert.deepEqual(years, years.map(() => 2026));
    assert.equal(y.yearFor(1, 2), 2027, 'Dec -> Jan is a new year');
  });

  test('no time after the file was written: a year inferred too late is moved back', () => {
    // a log whose lines run Dec -> Jan -> Dec (two sources) written on 2026-12-08
    const c = new SyslogClock(new YearTracker(local(2026, 12, 8, 12)));
    assert.equal(c.time('Dec  1 10:00:00 h'), local(2026, 12, 1, 10));
    assert.equal(c.time('Jan  5 10:00:00 h'), local(2026, 1, 5, 10), 'a rollover to 2027 would lie after the mtime');
    assert.equal(c.time('Dec  2 10:00:00 h'), local(2026, 12, 2, 10));
    assert.equal(c.time('Apr  4 10:00:00 h'), local(2026, 4, 4, 10));
    for (const s of ['Dec  7 23:59:59 h', 'Jan  1 00:00:00 h', 'Apr  4 00:00:00 h']) assert.ok(c.time(s) <= local(2026, 12, 9, 12), s);
  });

  test('an explicit year names the first line and rolls over from there', () => {
    const y = new YearTracker(local(2030, 6, 1), 2019);
    assert.equal(y.yearFor(11, 30), 2019);
    assert.equal(y.yearFor(1, 3), 2020);
  });

  test('SyslogClock: local time, cached per minute, across a year boundary', () => {
    const c = new SyslogClock(new YearTracker(local(2027, 1, 1, 12)));
    assert.equal(c.time('Dec 31 23:59:58 h'), local(2026, 12, 31, 23, 59, 58));
    assert.equal(c.time('Dec 31 23:59:59 h'), local(2026, 12, 31, 23, 59, 59));
    assert.equal(c.time('Jan  1 00:00:01 h'), local(2027, 1, 1, 0, 0, 1));
    assert.equal(c.time('xx Jan 01 00:00:02 h', 3), local(2027, 1, 1, 0, 0, 2));
    assert.ok(Number.isNaN(c.time('not a stamp at all')));
  });
});

describe('ISO 8601 / RFC 3339 stamps', () => {
  test('rsyslog high precision with zone, journalctl short-iso +hhmm, Z, and local', () => {
    assert.equal(parseIsoTime('2026-01-15T09:30:00.123456+01:00'), Date.UTC(2026, 0, 15, 8, 30, 0, 123));
    assert.equal(parseIsoTime('2026-01-15T09:30:00+0100'), Date.UTC(2026, 0, 15, 8, 30, 0));
    assert.equal(parseIsoTime('2026-01-15T09:30:00-0530'), Date.UTC(2026, 0, 15, 15, 0, 0));
    assert.equal(parseIsoTime('2026-01-15T09:30:00.5Z'), Date.UTC(2026, 0, 15, 9, 30, 0, 500));
    assert.equal(parseIsoTime('2026-01-15 09:30:00'), local(2026, 1, 15, 9, 30, 0));
    assert.equal(parseIsoTime('2026-01-15T09:30'), local(2026, 1, 15, 9, 30, 0));
    assert.ok(Number.isNaN(parseIsoTime('2026-13-15T09:30:00Z')));
    assert.ok(Number.isNaN(parseIsoTime('2026-01-15T09:30:00+01:00junk')));
  });

  test('IsoClock agrees with parseIsoTime on its cached path', () => {
    const c = new IsoClock();
    const stamps = ['2026-01-15T09:30:00.123456+01:00', '2026-01-15T09:30:07.000001+01:00', '2026-01-15T09:30:07.9+02:00', '2026-01-15T09:31:00Z', '2026-01-15T09:31:59.999Z'];
    for (const s of stamps) assert.equal(c.time(s, 0, s.length), parseIsoTime(s), s);
  });

  test('--since/--until values: dates, date-times, durations', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    assert.equal(parseTimeArgument('24h', now), now - 86_400_000);
    assert.equal(parseTimeArgument('90m', now), now - 5_400_000);
    assert.equal(parseTimeArgument('2026-11-21', now), local(2026, 11, 21));
    assert.equal(parseTimeArgument('2026-11-21T08:00Z', now), Date.UTC(2026, 10, 21, 8));
    assert.ok(Number.isNaN(parseTimeArgument('yesterday', now)));
  });
});
