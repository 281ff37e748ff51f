import { describe, expect, it } from 'vitest';
import type { ChimeMessagingApi } from '../api.js';
import { ChimeChannelListStore } from '../channelList.js';
import type { ChimeEvent } from '../envelope.js';
import type { ChimeMessage } from '../types.js';

// The channel list's unread counting, fed with the events the decoder produces (Chime keeps a
// read marker, not a count): what counts, and that nothing counts twice.
const ME = 'arn:aws:chime:us-east-1:1:app-instance/i/user/me';
const BOB = 'arn:aws:chime:us-east-1:1:app-instance/i/user/bob';
const CH = 'arn:aws:chime:us-east-1:1:app-instance/i/channel/c1';
const marked: string[] = [];
const api = { updateChannelReadMarker: async (arn: string) => void marked.push(arn) } as unknown as ChimeMessagingApi;

const msg = (id: string, at: number, from = BOB): ChimeMessage => ({ MessageId: id, Content: id, CreatedTimestamp: at, Sender: { Arn: from, Name: 'x' } }) as ChimeMessage;
const created = (m: ChimeMessage, messageType: 'STANDARD' | 'CONTROL' = 'STANDARD'): ChimeEvent =>
  ({ kind: 'message', eventType: 'CREATE_CHANNEL_MESSAGE', action: 'create', status: 'SENT', messageType, channelArn: CH, message: m }) as ChimeEvent;
const deleted = (m: ChimeMessage): ChimeEvent =>
  ({ kind: 'message', eventType: 'DELETE_CHANNEL_MESSAGE', action: 'delete', status: 'SENT', messageType: 'STANDARD', channelArn: CH, message: m }) as ChimeEvent;
const prefetch = (messages: ChimeMessage[], marker: number): ChimeEvent =>
  ({
    kind: 'details',
    eventType: 'CHANNEL_DETAILS',
    channelArn: CH,
    details: { Channel: { ChannelArn: CH, Name: 'c1' }, ChannelMessages: messages, ReadMarkerTimestamp: marker },
  }) as unknown as ChimeEvent;
const unread = (store: ChimeChannelListStore) => store.getSnapshot()[0]?.unreadCount;

describe('Chime channel list: unread counts', () => {
  it('a message in the prefetch and heard live counts once; a reconnect prefetch (newest only) keeps what was counted', () => {
    const store = new ChimeChannelListStore(api, ME);
    store.apply(prefetch([msg('m2', 200), msg('m1', 100), msg('old', 10)], 50));
    expect(unread(store)).toBe(2);
    store.apply(created(msg('m2', 200)));
    expect(unread(store)).toBe(2);
    store.apply(created(msg('m3', 300)));
    expect(unread(store)).toBe(3);
    // After a reconnect the prefetch holds only the newest message: the count stays 3.
    store.apply(prefetch([msg('m3', 300)], 50));
    expect(unread(store)).toBe(3);
    // Read on another device: the marker moved, the count is what the prefetch shows.
    store.apply(prefetch([msg('m3', 300)], 250));
    expect(unread(store)).toBe(1);
  });

  it('own and CONTROL messages never count; deleting an unread message uncounts it', () => {
    const store = new ChimeChannelListStore(api, ME);
    store.apply(prefetch([], 0));
    store.apply(created(msg('mine', 100, ME)));
    store.apply(created(msg('typing', 110), 'CONTROL'));
    expect(unread(store)).toBe(0);
    store.apply(created(msg('a', 120)));
    store.apply(created(msg('b', 130)));
    expect(unread(store)).toBe(2);
    store.apply(deleted(msg('a', 120)));
    expect(unread(store)).toBe(1);
    expect(store.getSnapshot()[0]?.lastMessage?.MessageId).toBe('b');
    store.apply(deleted(msg('a', 120)));
    expect(unread(store)).toBe(1);
  });

  it('markRead zeroes what was counted when reading began; a message counted meanwhile stays unread', async () => {
    const store = new ChimeChannelListStore(api, ME);
    store.apply(prefetch([msg('m1', 100)], 0));
    const reading = store.markRead(CH);
    store.apply(created(msg('m2', 200)));
    await reading;
    expect(marked).toContain(CH);
    expect(unread(store)).toBe(1);
    store.apply(created(msg('m2', 200)));
    expect(unread(store)).toBe(1);
  });
});
