import { describe, expect, it } from 'vitest';
import { sleep, statusIs, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { client, emulator } from './_harness.js';

// Our client's behaviour against the emulator: recovery, exactly-once delivery of queued
// publishes, discontinuity, batching.

describe('AppSync Events client against the emulator', () => {
  it('reconnects and resubscribes after a drop; publishes queued while down are delivered exactly once, in order', async () => {
    const e = await emulator();
    // AppSync keeps no history: the subscriber must be back before the publisher flushes, so
    // the publisher waits ~1 s before reconnecting and the subscriber ~20 ms (jitter pinned).
    const publisher = client(e, { backoff: { delaysMs: [1000] }, platform: { random: () => 0.99 } });
    const subscriber = client(e, { backoff: { delaysMs: [20] }, platform: { random: () => 0.99 } });
    const got: number[] = [];
    const gaps: string[] = [];
    subscriber.channel('/default/feed').subscribe({ onEvent: (d) => got.push(d as number), onDiscontinuity: () => gaps.push('gap') });
    publisher.connect();
    await statusIs(subscriber, 'connected');
    await statusIs(publisher, 'connected');
    await waitFor(() => e.connections().some((c) => c.channels.includes('/default/feed')), 'the subscription on the emulator');
    await publisher.publish('/default/feed', [0]);
    await waitFor(() => got.length === 1, 'the first event');

    e.faults.apply({ action: 'drop', backend: 'appsync' });
    await statusIs(publisher, 'reconnecting');
    const queued = publisher.publish('/default/feed', [1, 2, 3, 4, 5, 6, 7]); // 2 requests
    await statusIs(subscriber, 'connected');
    await waitFor(() => gaps.length === 1, 'discontinuity');
    await expect(queued).resolves.toMatchObject({ failed: [] });
    await waitFor(
      () => got.length === 8,
      () => `eight events (got ${JSON.stringify(got)})`,
    );
    await sleep(100); // absence: no duplicate arrives late
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('splits large batches into valid requests and maps per-event results back to batch indices', async () => {
    const e = await emulator({ appsync: { namespaces: { default: { onPublish: ({ events }) => events.map((ev) => (ev === '13' ? { error: 'unlucky' } : { event: ev })) } } } });
    const c = client(e);
    const events = Array.from({ length: 23 }, (_, i) => i);
    const ws = await c.publish('/default/batch', events);
    expect(ws.successful.map((s) => s.index)).toEqual(events.filter((i) => i !== 13));
    expect(ws.failed).toEqual([{ index: 13, id: expect.any(String), code: '400', message: 'unlucky' }]);
    const http = await c.publish('/default/batch', events, { via: 'http' });
    expect(http.failed.map((f) => f.index)).toEqual([13]);
    expect(http.successful).toHaveLength(22);
  });

  it('validates before sending: channel rules and event size name the rule', async () => {
    const e = await emulator();
    const c = client(e);
    await expect(c.publish('/default/*', [1])).rejects.toMatchObject({ code: 'INVALID_CHANNEL', details: { rule: expect.stringMatching(/wildcard/) } });
    await expect(c.publish(`/default/${'x'.repeat(51)}`, [1])).rejects.toMatchObject({ code: 'INVALID_CHANNEL', details: { rule: expect.stringMatching(/at most 50/) } });
    await expect(c.publish('/default/a', ['x'.repeat(240_001)])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'eventBytes' });
    expect(() => c.channel('/a/b/c/d/e/*').subscribe(() => {})).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
    expect(e.connections()).toHaveLength(0);
  });

  it('reports subscribe errors for unknown namespaces without touching other subscriptions', async () => {
    const e = await emulator();
    const c = client(e);
    const errors: string[] = [];
    const got: unknown[] = [];
    c.channel('/nowhere/a').subscribe({ onEvent: () => {}, onError: (err) => errors.push(err.code) });
    c.channel('/default/a').subscribe((d) => got.push(d));
    await waitFor(() => errors.length === 1, 'the subscribe error');
    expect(errors).toEqual(['INVALID_CHANNEL']);
    await c.publish('/default/a', ['fine']);
    await waitFor(() => got.length === 1, 'the event on the good channel');
  });

  it('broadcast_error reaches the subscriber as an error, and the subscription stays live', async () => {
    const e = await emulator({ appsync: { namespaces: { default: { failDelivery: ({ event }) => event.includes('poison') } } } });
    const c = client(e);
    const got: unknown[] = [];
    const errors: string[] = [];
    c.channel('/default/a').subscribe({ onEvent: (d) => got.push(d), onError: (err) => errors.push(`${err.code}:${err.details.errorType}`) });
    await statusIs(c, 'connected');
    await waitFor(() => e.connections()[0]?.channels.length === 1, 'the subscription on the emulator');
    await c.publish('/default/a', ['ok-1', 'poison', 'ok-2']);
    await waitFor(
      () => got.length === 2 && errors.length === 1,
      () => `two events and one error (got ${JSON.stringify(got)}, errors ${JSON.stringify(errors)})`,
    );
    expect(got).toEqual(['ok-1', 'ok-2']);
    expect(errors).toEqual(['PROTOCOL_ERROR:MessageProcessingError']);
  });
});
