import { describe, expect, it } from 'vitest';
import { createMeta } from '../history.js';
import { senderOf } from '../senderOf.js';
import type { ChimeMessage } from '../types.js';

const ADA = 'arn:aws:chime:us-east-1:123456789012:app-instance/app/user/ada';

describe('senderOf: the sender is the one Chime stamped, never the payload', () => {
  it('takes Sender.Arn and Sender.Name, ignoring what Content claims', () => {
    const m = { MessageId: 'm1', Content: JSON.stringify({ user: 'bob', name: 'Bob' }), ContentType: 'application/json', Sender: { Arn: ADA, Name: 'Ada' } } as ChimeMessage;
    expect(senderOf(m)).toEqual({ sender: { id: ADA, name: 'Ada' } });
    expect(createMeta(m).sender).toEqual({ id: ADA, name: 'Ada' });
  });
  it('names no sender when Chime names none (no empty or non-string ids)', () => {
    expect(senderOf({ MessageId: 'm1' } as ChimeMessage)).toEqual({});
    expect(senderOf({ MessageId: 'm1', Sender: { Arn: '' } } as ChimeMessage)).toEqual({});
    expect(senderOf({ MessageId: 'm1', Sender: { Arn: 42 } } as unknown as ChimeMessage)).toEqual({});
    expect(senderOf({ MessageId: 'm1', Sender: { Arn: ADA, Name: 7 } } as unknown as ChimeMessage)).toEqual({ sender: { id: ADA } });
  });
});
