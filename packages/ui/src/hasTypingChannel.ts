import type { RealtimeClient } from '@channelkit/transport';

/**
 * Whether `useTyping` can run next to `channel` on this client: its convention publishes on a
 * sibling channel `<channel>/typing`, which backends with provisioned channels refuse (Chime:
 * a channel is an ARN, and `client.channel()` throws INVALID_CHANNEL for the sibling's name —
 * during render, had the component not asked first). Never throws.
 *
 * @example
 * ```ts
 * const typing = useTyping(channel, { user, enabled: hasTypingChannel(client, channel) });
 * ```
 */
export function hasTypingChannel(client: RealtimeClient, channel: string): boolean {
  try {
    // The sibling's name as `useTyping` builds it (`siblingChannel` in @channelkit/react).
    client.channel(`${client.channel(channel).name}/typing`);
    return true;
  } catch {
    return false;
  }
}
