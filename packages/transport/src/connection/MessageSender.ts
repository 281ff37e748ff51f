/**
 * Who sent an event, as the backend authenticated it — never what the payload claims. Present
 * only where the backend vouches for the sender: Hotsock (the `uid` of the publisher's signed
 * token, `name` from its `umd.name`), Chime SDK messaging (`Sender.Arn`, `Sender.Name`), and an
 * API Gateway backend whose server stamps it, and AppSync Events where a namespace `onPublish`
 * handler stamps `payload.sender` and the client opted in with `senderFrom: 'handler'`. Without
 * that, AppSync Events authenticates no sender per event: `meta.sender` is `undefined`, not a guess.
 *
 * @example
 * ```ts
 * room.subscribe({ onEvent: (data, meta) => console.log(meta.sender?.id ?? 'unverified', data) });
 * ```
 */
export interface MessageSender {
  /** The backend's stable id of the sender (Hotsock uid, Chime AppInstanceUser ARN …). */
  readonly id: string;
  /** A display name the backend holds for that sender, when it has one. */
  readonly name?: string;
}

/**
 * A {@link MessageSender} from an id and a display-name candidate; `undefined` unless `id` is a
 * non-empty string (a backend that knows nobody yields no sender rather than an empty one).
 *
 * @example
 * ```ts
 * toSender('arn:aws:chime:…/user/ada', 'Ada'); // { id: 'arn:…/user/ada', name: 'Ada' }
 * toSender(null); // undefined
 * ```
 */
export function toSender(id: unknown, name?: unknown): MessageSender | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  return typeof name === 'string' && name !== '' ? { id, name } : { id };
}
