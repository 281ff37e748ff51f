import { ChimeFault, type ChimeModel, type StoredChannel } from './ChimeModel.js';

/**
 * The channel operations whose caller the emulator checks, named as in the API reference.
 */
export type ChannelOperation =
  | 'DescribeChannel'
  | 'UpdateChannel'
  | 'DeleteChannel'
  | 'ListChannelMemberships'
  | 'DescribeChannelMembership'
  | 'CreateChannelMembership'
  | 'DeleteChannelMembership'
  | 'SendChannelMessage'
  | 'GetChannelMessage'
  | 'ListChannelMessages'
  | 'UpdateChannelMessage'
  | 'RedactChannelMessage'
  | 'DeleteChannelMessage'
  | 'CreateChannelModerator'
  | 'DeleteChannelModerator'
  | 'ListChannelModerators'
  | 'UpdateChannelReadMarker';

/** What an operation is about, beyond the channel: the message's sender, the members it adds or removes. */
export interface OperationTarget {
  sender?: string;
  members?: readonly string[];
}

/**
 * The roles of a bearer on a channel: AppInstanceAdmin (of the whole AppInstance), channel
 * moderator, channel member.
 *
 * @example
 * ```ts
 * const { admin, moderator, member } = rolesOf(model, channel, bearer);
 * ```
 */
export function rolesOf(model: ChimeModel, channel: StoredChannel, bearer: string): { admin: boolean; moderator: boolean; member: boolean } {
  return { admin: model.admins.has(bearer), moderator: channel.moderators.has(bearer), member: channel.members.has(bearer) };
}

/**
 * Refuses (403 ForbiddenException) what the bearer's roles do not allow, after the Chime SDK
 * developer guide's "Understanding authorization by role" tables
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/auth-by-role.html) and the API reference:
 * - reading a channel (describe, memberships, messages): its members, moderators and
 *   AppInstanceAdmins; anyone in the AppInstance when the channel is PUBLIC. (The table's
 *   "public channels only" note on a *member's* DescribeChannel is read as being about channels
 *   one is not in: a member reads its own private channel, as every chat client does.)
 * - UpdateChannel, DeleteChannel: moderators and admins ("Member: Denied").
 * - CreateChannelMembership: moderators and admins; members too on UNRESTRICTED channels
 *   (CreateChannel `Mode`: "Only administrators and moderators can add members to restricted
 *   channels").
 * - DeleteChannelMembership: moderators and admins; a member may always remove itself (leave,
 *   CreateChannelMembership: "A channel member can … leave the channel") and, on UNRESTRICTED
 *   channels, others — the mirror of adding. (Emulator choice: the table says "Allowed" for
 *   members without the mode; the mode is what the issue of restricted channels is about.)
 * - SendChannelMessage, UpdateChannelReadMarker: members only, admins and moderators included
 *   ("You first need to use CreateChannelMembership to create a membership for yourself").
 * - UpdateChannelMessage: the sender only, whatever its role ("You can only edit your own messages").
 * - RedactChannelMessage: moderators and admins; a member its own messages.
 * - DeleteChannelMessage: AppInstanceAdmins only ("Only admins can perform this action";
 *   moderator and member: "Denied").
 * - Create/Delete/ListChannelModerator(s): moderators and admins.
 *
 * @example
 * ```ts
 * authorize(model, channel, bearer, 'RedactChannelMessage', { sender: message.Sender.Arn });
 * ```
 */
export function authorize(model: ChimeModel, channel: StoredChannel, bearer: string, operation: ChannelOperation, target: OperationTarget = {}): void {
  const { admin, moderator, member } = rolesOf(model, channel, bearer);
  const manager = admin || moderator;
  const unrestricted = channel.Mode === 'UNRESTRICTED';
  const deny = (rule: string): never => {
    throw new ChimeFault(403, 'Forbidden', `${operation}: ${rule}`);
  };
  switch (operation) {
    case 'DescribeChannel':
    case 'ListChannelMemberships':
    case 'DescribeChannelMembership':
    case 'GetChannelMessage':
    case 'ListChannelMessages':
      if (!(member || manager || channel.Privacy === 'PUBLIC')) deny('the bearer is not a member of the channel, and the channel is not PUBLIC');
      return;
    case 'UpdateChannel':
    case 'DeleteChannel':
    case 'CreateChannelModerator':
    case 'DeleteChannelModerator':
    case 'ListChannelModerators':
      if (!manager) deny('only a channel moderator or an AppInstanceAdmin may do this');
      return;
    case 'CreateChannelMembership':
      if (manager) return;
      if (!member) deny('the bearer is not a member of the channel');
      if (!unrestricted) deny('only a channel moderator or an AppInstanceAdmin may add members to a RESTRICTED channel');
      return;
    case 'DeleteChannelMembership':
      if (manager) return;
      if (!member) deny('the bearer is not a member of the channel');
      if (!unrestricted && (target.members ?? []).some((m) => m !== bearer)) deny('on a RESTRICTED channel a member may remove only itself; moderators and AppInstanceAdmins remove others');
      return;
    case 'SendChannelMessage':
    case 'UpdateChannelReadMarker':
      if (!member) deny('the bearer is not a member of the channel (moderators and admins need a membership too)');
      return;
    case 'UpdateChannelMessage':
      if (target.sender !== bearer) deny('only the sender may update a message');
      if (!(member || manager)) deny('the bearer is not a member of the channel');
      return;
    case 'RedactChannelMessage':
      if (manager) return;
      if (!member) deny('the bearer is not a member of the channel');
      if (target.sender !== bearer) deny('a member may redact only its own messages; moderators and AppInstanceAdmins redact any');
      return;
    case 'DeleteChannelMessage':
      if (!admin) deny('only an AppInstanceAdmin may delete a message (moderators and senders may redact it)');
      return;
  }
}
