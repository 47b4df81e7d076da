import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/github/pacer.js';
import { FakeClock, flush, track } from './helpers.js';

function setup() {
  const clock = new FakeClock();
  return { clock, pacer: new Pacer({ clock }) };
}

describe('Pacer', () => {
  it('counts a request from its answer: a POST answered late keeps its slot longer', async () => {
    const { clock, pacer } = setup();
    const first = await pacer.acquire('POST');
    await clock.advanceTo(1000);
    for (let i = 0; i < 79; i++) (await pacer.acquire('POST')).settle();
    await clock.advanceTo(5000);
    first.settle(); // GitHub may have counted it as late as this.
    const eightyFirst = track(pacer.acquire('POST'));
    // Booked when let through, the first would leave the window at 60 s; answered at 5 s, it stays until 65 s,
    // so the 81st waits for the 79 booked at 1 s to leave.
    await clock.advanceTo(60_000);
    expect(eightyFirst.settled()).toBe(false);
    await clock.advanceTo(61_000);
    expect(eightyFirst.settled()).toBe(true);
  });

  it('holds the 81st POST of a minute until the first leaves the 60-second window', async () => {
    const { clock, pacer } = setup();
    await pacer.acquire('POST');
    await clock.advanceTo(1000);
    for (let i = 0; i < 79; i++) await pacer.acquire('POST');
    expect(pacer.contentCreatedLastMinute()).toBe(80);
    const eightyFirst = track(pacer.acquire('POST'));
    const eightySecond = track(pacer.acquire('POST'));
    await clock.advanceTo(59_999);
    expect(eightyFirst.settled()).toBe(false);
    await clock.advanceTo(60_000);
    expect(eightyFirst.settled()).toBe(true);
    expect(eightySecond.settled()).toBe(false);
    await clock.advanceTo(61_000);
    expect(eightySecond.settled()).toBe(true);
    expect(pacer.contentCreatedLastMinute()).toBe(2);
  });

  it('keeps to 900 points a minute, counting writes as 5 points and reads as 1', async () => {
    const { clock, pacer } = setup();
    for (let i = 0; i < 179; i++) await pacer.acquire('PATCH');
    for (let i = 0; i < 4; i++) await pacer.acquire('GET');
    expect(pacer.pointsLastMinute()).toBe(899);
    expect(clock.sleeps).toBe(0);
    const patch = track(pacer.acquire('PATCH'));
    // First come, first served: the read behind the PATCH waits with it rather than starving it one point at a time.
    const get = track(pacer.acquire('GET'));
    await clock.advanceTo(59_999);
    expect(patch.settled()).toBe(false);
    expect(get.settled()).toBe(false);
    await clock.advanceTo(60_000);
    expect(patch.settled()).toBe(true);
    expect(get.settled()).toBe(true);
    expect(pacer.pointsLastMinute()).toBe(6);
  });

  it('does not delay reads under the limits, and only the 901st read of a minute waits', async () => {
    const { clock, pacer } = setup();
    for (let i = 0; i < 900; i++) await pacer.acquire('GET');
    expect(clock.sleeps).toBe(0);
    const read = track(pacer.acquire('HEAD'));
    await clock.advanceTo(59_999);
    expect(read.settled()).toBe(false);
    await clock.advanceTo(60_000);
    expect(read.settled()).toBe(true);
  });

  it('lets reads pass while POSTs wait for the content-creation budget', async () => {
    const { clock, pacer } = setup();
    for (let i = 0; i < 80; i++) await pacer.acquire('POST');
    const post = track(pacer.acquire('POST'));
    await flush();
    await pacer.acquire('GET');
    await pacer.acquire('DELETE');
    expect(post.settled()).toBe(false);
    expect(pacer.waits().count).toBe(1);
    await clock.advanceTo(60_000);
    expect(post.settled()).toBe(true);
  });

  it('caps content creation at 500 an hour', async () => {
    const { clock, pacer } = setup();
    const posts = Array.from({ length: 501 }, () => track(pacer.acquire('POST')));
    for (let minute = 1; minute <= 59; minute++) await clock.advanceTo(minute * 60_000);
    expect(posts.filter((p) => p.settled())).toHaveLength(500);
    expect(pacer.contentCreatedLastHour()).toBe(500);
    await clock.advanceTo(3_599_999);
    expect(posts[500]?.settled()).toBe(false);
    await clock.advanceTo(3_600_000);
    expect(posts[500]?.settled()).toBe(true);
  });
});
