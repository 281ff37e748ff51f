// Issue 17, the presentational side: what one odd message, an inline `strings` literal or a
// clock that goes backwards did to the components, each with a test that fails without its fix.
// happy-dom; the Connected side over real sockets is in ui-hostile / ui-senders.
import { ConnectionBanner, type ChatMessage, Message, MessageList, PresenceList, validateChatEvent, validateMember } from '@channelkit/ui';
import { act, cleanup, render, screen } from '@testing-library/react';
import { type ReactNode, StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversation, PEOPLE, T0 } from './ui/_fixtures.js';

afterEach(cleanup);
const strict = (ui: ReactNode) => render(<StrictMode>{ui}</StrictMode>);

// happy-dom has no layout: the virtualizer renders rows only with a viewport size.
let restore: (() => void)[] = [];
beforeEach(() => {
  restore = [
    ...(['clientHeight', 'offsetHeight'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(2000)),
    ...(['clientWidth', 'offsetWidth'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(400)),
  ].map((s) => () => s.mockRestore());
});
afterEach(() => {
  for (const r of restore.splice(0)) r();
});

const msg = (id: string, at: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({ id, text: `text ${id}`, sender: PEOPLE[1]!, at, status: 'delivered', ...extra });

describe('one odd message does not take the room down (#3)', () => {
  it('a time far outside any real date renders without a time instead of throwing in toISOString', () => {
    strict(<Message message={msg('huge', 1e20)} />);
    expect(screen.getByText('text huge')).toBeTruthy();
    expect(document.querySelector('time')).toBeNull();
  });

  it('a name that is not a string is not trimmed (it would throw): the id is shown', () => {
    strict(<PresenceList members={[{ id: 'bo', name: 42 as unknown as string }]} />);
    expect(screen.getByText('bo')).toBeTruthy();
  });

  it('a row that still throws renders a placeholder; the other rows and the list stay', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const bad = msg('bad', T0 + 1000, { text: { toString: 1 } as unknown as string });
      strict(<MessageList messages={[msg('a', T0), bad, msg('b', T0 + 2000)]} />);
      expect(screen.getByText('This message cannot be shown.')).toBeTruthy();
      expect(screen.getByText('text a')).toBeTruthy();
      expect(screen.getByText('text b')).toBeTruthy();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('validateChatEvent', () => {
  const ok = { id: 'm1', text: 'hi', user: 'ana', name: 'Ana', at: T0 };
  it.each([
    ['null', null],
    ['an array', [ok]],
    ['a string', 'hi'],
    ['at 1e20', { ...ok, at: 1e20 }],
    ['at NaN', { ...ok, at: Number.NaN }],
    ['at Infinity', { ...ok, at: Number.POSITIVE_INFINITY }],
    ['at 0 (1970)', { ...ok, at: 0 }],
    ['at as a string', { ...ok, at: '2026-01-05' }],
    ['a number name', { ...ok, name: 42 }],
    ['a null name', { ...ok, name: null }],
    ['an object user', { ...ok, user: { id: 'bob' } }],
    ['no user', { id: 'm1', text: 'hi', at: T0 }],
    ['an empty user', { ...ok, user: '' }],
    ['nested text', { ...ok, text: { text: 'hi' } }],
    ['1 MB of text', { ...ok, text: 'x'.repeat(1 << 20) }],
    ['a 10k-character name', { ...ok, name: 'n'.repeat(10_000) }],
    ['no id', { text: 'hi', user: 'ana', at: T0 }],
    ['fields only on the prototype', JSON.parse('{"__proto__":{"id":"m1","text":"hi","user":"ana","at":1767603600000}}')],
    [
      'a getter that throws',
      Object.defineProperty({ ...ok }, 'text', {
        get: () => {
          throw new Error('boom');
        },
        enumerable: true,
      }),
    ],
  ])('refuses %s, without throwing', (_, data) => {
    const v = validateChatEvent(data);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/\w/);
  });

  it('accepts a well-formed event, copies only its documented fields, and ignores prototype keys', () => {
    const data = JSON.parse(`{"id":"m1","text":"hi","user":"ana","at":${T0},"constructor":{"x":1},"__proto__":{"polluted":true},"extra":[1]}`);
    const v = validateChatEvent(data);
    expect(v).toEqual({ ok: true, event: { id: 'm1', text: 'hi', user: 'ana', at: T0 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateMember', () => {
  it('keeps string names, drops unreadable ones, skips members without a usable id', () => {
    expect(validateMember({ id: 'ana', data: { name: 'Ana' } })).toEqual({ member: { id: 'ana', name: 'Ana' } });
    expect(validateMember({ id: 'bo', data: { name: 42 } }).member).toEqual({ id: 'bo' });
    expect(validateMember({ id: 'bo', data: [1] }).member).toEqual({ id: 'bo' });
    expect(validateMember({ id: 'bo', data: { name: 'x'.repeat(300) } }).member).toEqual({ id: 'bo' });
    expect(validateMember({ id: 42 }).member).toBeUndefined();
    expect(validateMember(null).member).toBeUndefined();
    expect(validateMember({ id: 'x'.repeat(300) }).member).toBeUndefined();
  });
});

let bump: () => void = () => {};
const OLD_MESSAGES = conversation(40, T0 - 10 * 86_400_000);
/** A parent that re-renders on demand, writing `strings` as apps do: a fresh literal (with a function) every render. */
function InlineStringsApp(): ReactNode {
  const [n, setN] = useState(0);
  bump = () => setN((x) => x + 1);
  return (
    <>
      <span data-renders={n} />
      <MessageList messages={OLD_MESSAGES} strings={{ loadOlder: 'Ältere laden', newMessages: (k) => `${k} neu` }} />
    </>
  );
}

describe('strings written inline (#16)', () => {
  it('a list given a new but equal `strings` object every render does not re-format its rows', () => {
    const dates = vi.spyOn(Date.prototype, 'toLocaleDateString');
    const times = vi.spyOn(Date.prototype, 'toLocaleTimeString');
    try {
      strict(<InlineStringsApp />);
      expect(document.querySelectorAll('.ck-message').length).toBeGreaterThan(3);
      const before = { dates: dates.mock.calls.length, times: times.mock.calls.length };
      for (let i = 0; i < 5; i++) act(() => bump());
      expect(dates.mock.calls.length - before.dates).toBe(0);
      expect(times.mock.calls.length - before.times).toBe(0);
    } finally {
      dates.mockRestore();
      times.mockRestore();
    }
  });

  it('a changed string still shows', () => {
    const { rerender } = strict(<MessageList messages={[]} strings={{ noMessages: 'Nichts' }} />);
    expect(screen.getByText('Nichts')).toBeTruthy();
    rerender(
      <StrictMode>
        <MessageList messages={[]} strings={{ noMessages: 'Noch nichts' }} />
      </StrictMode>,
    );
    expect(screen.getByText('Noch nichts')).toBeTruthy();
  });
});

describe('day separators (#17)', () => {
  it('times that are not monotonic give every separator its own key', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const day = 86_400_000;
      strict(<MessageList messages={[msg('a', T0), msg('b', T0 + day), msg('c', T0 + 60_000), msg('d', T0 + day + 60_000)]} />);
      expect(document.querySelectorAll('.ck-day-separator').length).toBe(4);
      expect(errors.mock.calls.map((c) => String(c[0])).filter((t) => /same key/.test(t))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it('a message without a real time joins the day above instead of drawing 1970', () => {
    strict(<MessageList messages={[msg('a', T0), msg('zero', 0), msg('nan', Number.NaN)]} />);
    expect(document.body.textContent).not.toMatch(/1970/);
    expect(document.querySelectorAll('.ck-day-separator').length).toBe(1);
    expect(screen.getByText('text zero')).toBeTruthy();
  });
});

describe('accessibility (#18)', () => {
  it('the reconnect countdown ticks on screen but not in the live region', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { container } = strict(<ConnectionBanner status="reconnecting" nextRetryAt={T0 + 5000} online />);
      const status = screen.getByRole('status');
      const announced = status.textContent;
      expect(container.textContent).toContain('Reconnecting in 5 s');
      act(() => vi.advanceTimersByTime(2000));
      expect(container.textContent).toContain('Reconnecting in 3 s');
      expect(screen.getByRole('status').textContent).toBe(announced);
      expect(announced).not.toMatch(/\d/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('one of your own messages failing is announced, once', () => {
    const mine = (status: 'pending' | 'failed') => msg('m1', T0, { text: 'hello there', localId: 'l1', status, own: true, sender: PEOPLE[0]! });
    const { rerender } = strict(<MessageList messages={[mine('pending')]} />);
    const region = () => document.querySelector('.ck-message-list [role="status"]')!.textContent;
    expect(region()).toBe('');
    rerender(
      <StrictMode>
        <MessageList messages={[mine('failed')]} />
      </StrictMode>,
    );
    expect(region()).toBe('Not sent: hello there');
  });

  it('"(you)" comes from strings', () => {
    strict(<PresenceList members={PEOPLE.slice(0, 2)} selfId="ana" strings={{ you: '(du)' }} />);
    expect(screen.getByText(/Ana Lima/).textContent).toBe('Ana Lima (du)');
  });
});

describe('edited, deleted and unverified messages', () => {
  it('an edited message says so', () => {
    strict(<Message message={msg('e', T0, { edited: true })} />);
    expect(document.querySelector('.ck-message-text')!.textContent).toBe('text e (edited)');
  });

  it('a deleted message is a tombstone without its text', () => {
    strict(<Message message={msg('d', T0, { deleted: true, text: 'secret' })} strings={{ deleted: 'Gelöscht' }} />);
    expect(screen.getByText('Gelöscht')).toBeTruthy();
    expect(document.body.textContent).not.toContain('secret');
  });

  it('a sender no backend vouched for is marked unverified', () => {
    strict(<Message message={msg('u', T0, { sender: { id: 'bob', name: 'Bob', verified: false } })} />);
    expect(document.querySelector('.ck-message-meta')!.textContent).toMatch(/^Bob unverified/);
  });
});
