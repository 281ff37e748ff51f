// Behaviour of the presentational components in happy-dom: what a user does with the keyboard
// and mouse, and what the components call back with.
import { ChannelList, Composer, ConnectionBanner, Message, MessageList, PresenceAvatars, TypingIndicator } from '@channelkit/ui';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversation, PEOPLE, T0 } from './ui/_fixtures.js';

afterEach(cleanup);
const strict = (ui: React.ReactNode) => render(<StrictMode>{ui}</StrictMode>);

describe('Composer', () => {
  it('sends on Enter, adds a line on Shift+Enter, and clears after sending', () => {
    const onSend = vi.fn();
    const onTyping = vi.fn();
    strict(<Composer onSend={onSend} onTyping={onTyping} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'hello' } });
    expect(onTyping).toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('hello');
    expect(box.value).toBe('');
  });

  it('blocks sending past the byte limit and says by how much', () => {
    const onSend = vi.fn();
    strict(<Composer onSend={onSend} maxBytes={10} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'ééééééé' } }); // 14 bytes in UTF-8
    expect(screen.getByText(/4 bytes over the 10-byte limit/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('takes overridden strings', () => {
    strict(<Composer onSend={() => {}} strings={{ send: 'Senden', composerLabel: 'Nachricht' }} />);
    expect(screen.getByRole('button', { name: 'Senden' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Nachricht' })).toBeTruthy();
  });
});

describe('Message', () => {
  it('offers Retry and Discard on a failed message', () => {
    const onRetry = vi.fn();
    const onDiscard = vi.fn();
    const m = { id: 'x', localId: 'l1', text: 'hi', sender: PEOPLE[0]!, at: T0, status: 'failed' as const };
    strict(<Message message={m} onRetry={onRetry} onDiscard={onDiscard} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(onRetry).toHaveBeenCalledWith(m);
    expect(onDiscard).toHaveBeenCalledWith(m);
    expect(screen.getByText('Not sent')).toBeTruthy();
  });

  it('says why a failed message was not sent, as text', () => {
    strict(<Message message={{ id: 'y', text: 'big', sender: PEOPLE[0]!, at: T0, status: 'failed', error: '<b>event exceeds 240000 bytes</b>' }} />);
    const reason = screen.getByText('<b>event exceeds 240000 bytes</b>');
    expect(reason.className).toBe('ck-message-reason');
    expect(reason.querySelector('b')).toBeNull();
  });
});

describe('PresenceAvatars', () => {
  it('shows up to max avatars and names the overflow', () => {
    strict(<PresenceAvatars members={PEOPLE} max={3} />);
    expect(screen.getByRole('list', { name: '6 online' }).children).toHaveLength(4);
    expect(screen.getByText('3 more')).toBeTruthy();
  });
});

describe('TypingIndicator', () => {
  it('names one, two, or several typists', () => {
    const { rerender } = strict(<TypingIndicator names={['Ana']} />);
    expect(screen.getByRole('status').textContent).toContain('Ana is typing…');
    rerender(<TypingIndicator names={['Ana', 'Bo']} />);
    expect(screen.getByRole('status').textContent).toContain('Ana and Bo are typing…');
    rerender(<TypingIndicator names={['Ana', 'Bo', 'Cy']} />);
    expect(screen.getByRole('status').textContent).toContain('Several people are typing…');
  });
});

describe('ConnectionBanner', () => {
  it('counts down to the next retry, offers reconnect, and hides when connected', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const onRetry = vi.fn();
      const { rerender, container } = strict(<ConnectionBanner status="reconnecting" nextRetryAt={T0 + 3000} onRetry={onRetry} online />);
      // The countdown is shown; the live region holds words that do not tick (issue 17 #18).
      expect(container.textContent).toContain('Reconnecting in 3 s');
      expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
      fireEvent.click(screen.getByRole('button', { name: 'Reconnect now' }));
      expect(onRetry).toHaveBeenCalled();
      rerender(<ConnectionBanner status="reconnecting" online={false} />);
      expect(screen.getByRole('status').textContent).toContain('offline');
      rerender(<ConnectionBanner status="failed" onRetry={onRetry} />);
      expect(screen.getByRole('alert').textContent).toContain('Could not connect');
      // The reason the client knows is shown; an authentication failure says so.
      rerender(<ConnectionBanner status="failed" error={{ code: 'AUTH_FAILED', message: 'close 4401: Unauthorized' }} />);
      expect(screen.getByRole('alert').textContent).toBe('Could not sign in to the chat service.close 4401: Unauthorized');
      rerender(<ConnectionBanner status="failed" subject="channel" error={{ code: 'INVALID_CHANNEL', message: 'Namespace not found: nope' }} />);
      expect(screen.getByRole('alert').textContent).toBe('This room is unavailable.Namespace not found: nope');
      // Not while reconnecting: the last error is not news then.
      rerender(<ConnectionBanner status="reconnecting" online error={{ message: 'socket closed with 1006' }} />);
      expect(screen.getByRole('status').textContent).not.toContain('1006');
      rerender(<ConnectionBanner status="connected" />);
      expect(container.textContent).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ChannelList', () => {
  it('marks the selected channel current, names unread counts, and selects on click', () => {
    const onSelect = vi.fn();
    strict(
      <ChannelList
        channels={[
          { channel: 'c1', name: 'General', unread: 3 },
          { channel: 'c2', name: 'Random' },
        ]}
        selected="c2"
        onSelect={onSelect}
      />,
    );
    expect(screen.getByRole('navigation', { name: 'Channels' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Random/ }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('button', { name: /General.*3 unread messages/ }));
    expect(onSelect).toHaveBeenCalledWith('c1');
  });
});

describe('MessageList', () => {
  it('opens at the newest message under StrictMode (its simulated remount must not scroll back to the top)', () => {
    // happy-dom has no layout: give the scroller a height and a content height.
    const sizes = { scrollHeight: 5000, clientHeight: 480 };
    const own = Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const);
    for (const [k, v] of Object.entries(sizes)) {
      Object.defineProperty(HTMLElement.prototype, k, {
        configurable: true,
        get(this: HTMLElement) {
          return this.classList.contains('ck-message-scroller') ? v : 0;
        },
      });
    }
    try {
      const { container } = strict(<MessageList messages={conversation(100)} selfId="ana" />);
      expect(container.querySelector('.ck-message-scroller')!.scrollTop).toBe(5000 - 480);
    } finally {
      for (const [k, d] of own) {
        if (d) Object.defineProperty(HTMLElement.prototype, k, d);
        else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[k];
      }
    }
  });
});
