import { describe, expect, it } from 'vitest';
import { withHandlerSender } from '../withHandlerSender.js';

describe('withHandlerSender', () => {
  it('moves a well-formed stamp into meta.sender and out of data', () => {
    expect(withHandlerSender({ type: 'event', subscriptionId: '1', data: { text: 'hi', sender: { id: 'u1', name: 'Ada' } } })).toEqual({
      type: 'event',
      subscriptionId: '1',
      data: { text: 'hi' },
      meta: { sender: { id: 'u1', name: 'Ada' } },
    });
  });

  it.each([
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 7 }],
    ['a string stamp', 'u1'],
    ['null', null],
  ])('a malformed stamp (%s) yields no sender, and is still taken out of data', (_name, sender) => {
    expect(withHandlerSender({ type: 'event', subscriptionId: '1', data: { text: 'hi', sender } })).toEqual({ type: 'event', subscriptionId: '1', data: { text: 'hi' }, meta: {} });
  });

  it('leaves unstamped events, non-object data and other frames alone', () => {
    const frames = [
      { type: 'event', subscriptionId: '1', data: { text: 'hi' } },
      { type: 'event', subscriptionId: '1', data: 'text' },
      { type: 'event', subscriptionId: '1', data: [{ sender: { id: 'x' } }] },
      { type: 'keepalive' },
    ] as const;
    for (const frame of frames) expect(withHandlerSender(frame)).toBe(frame);
  });

  it('a name that is not a non-empty string is dropped, the id kept', () => {
    expect(withHandlerSender({ type: 'event', subscriptionId: '1', data: { sender: { id: 'u1', name: 3 } } })).toMatchObject({ meta: { sender: { id: 'u1' } } });
  });
});
