import { describe, expect, it } from 'vitest';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { SendQueue } from '../SendQueue.js';

function queue(accept = true) {
  const sent: string[] = [];
  const q = new SendQueue(
    (frame) => {
      if (accept) sent.push(frame);
      return accept;
    },
    (error) => new ChannelKitError('PUBLISH_FAILED', String((error as Error).message)),
    () => new ChannelKitError('CONNECTION_LOST', 'refused'),
  );
  return { q, sent };
}

const later = (value: string | undefined, ms: number) => new Promise<string | undefined>((r) => setTimeout(() => r(value), ms));

describe('SendQueue', () => {
  it('keeps call order across sync and async producers; sync ones go out in the same tick', async () => {
    const { q, sent } = queue();
    q.push({ produce: () => 'a' });
    expect(sent).toEqual(['a']);
    q.push({ produce: () => later('b', 20) });
    q.push({ produce: () => 'c' });
    q.push({ produce: () => later('d', 1) });
    await later(undefined, 40);
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports written (with sent=false for nothing to send), producer failures and refusals', async () => {
    const { q } = queue();
    const log: string[] = [];
    q.push({ produce: () => undefined, written: (sent) => log.push(`written:${sent}`) });
    q.push({ produce: () => Promise.reject(new Error('signing failed')), failed: (e) => log.push(`${e.code}:${e.message}`) });
    q.push({ produce: () => 'x', written: (sent) => log.push(`written:${sent}`) });
    await later(undefined, 5);
    expect(log).toEqual(['written:false', 'PUBLISH_FAILED:signing failed', 'written:true']);
    const refusing = queue(false);
    const errors: string[] = [];
    refusing.q.push({ produce: () => 'y', failed: (e) => errors.push(e.code) });
    expect(errors).toEqual(['CONNECTION_LOST']);
  });

  it('reset drops what is queued and what an in-flight producer returns afterwards', async () => {
    const { q, sent } = queue();
    const written: string[] = [];
    q.push({ produce: () => later('slow', 20), written: () => written.push('slow') });
    q.push({ produce: () => 'queued', written: () => written.push('queued') });
    q.reset();
    q.push({ produce: () => later('fresh', 1), written: () => written.push('fresh') });
    await later(undefined, 40);
    expect(sent).toEqual(['fresh']);
    expect(written).toEqual(['fresh']);
  });
});
