import { randomBytes } from 'node:crypto';
import { ChimeFault } from './ChimeModel.js';

/**
 * AWS credentials as the emulator hands them out.
 *
 * @example
 * ```ts
 * const creds: ChimeCredentialPair = { accessKeyId: 'AKIDCHIMEUSER…', secretAccessKey: '…' };
 * ```
 */
export interface ChimeCredentialPair {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Who signed a request: the emulator's shared pair (the app's server role: it provisions
 * AppInstanceUsers and admins), or credentials issued for one AppInstanceUser.
 */
export type ChimePrincipal = { kind: 'shared' } | { kind: 'user'; userArn: string };

/**
 * The IAM side of the emulated Chime: which credentials exist and what each may act as.
 *
 * On AWS an app vends each signed-in user credentials whose IAM policy names that user's
 * AppInstanceUser ARN as the resource of `chime:Connect`, `chime:SendChannelMessage` … (the
 * Chime SDK developer guide, "Authenticating end-user client applications" — e.g. a Cognito
 * identity pool role with `${cognito-identity.amazonaws.com:sub}` in the user ARN), so one user
 * cannot put another's ARN in `x-amz-chime-bearer`. The emulator models exactly that:
 * {@link issue} gives a pair bound to one user ARN; such a pair may act only as that user.
 * The shared pair (the ready line's `chime.credentials`) is the app server's role: it creates
 * users and admins, and acts as a user only when `sharedCredentialsActAsAnyUser` is on (a
 * quick-start shortcut, off by default).
 *
 * @example
 * ```ts
 * const store = new ChimeCredentialStore(shared, appInstanceArn, false);
 * const ada = store.issue(`${appInstanceArn}/user/ada`);
 * store.principal(ada.accessKeyId); // { kind: 'user', userArn: '…/user/ada' }
 * ```
 */
export class ChimeCredentialStore {
  readonly #byKey = new Map<string, { pair: ChimeCredentialPair; principal: ChimePrincipal }>();
  readonly #byUser = new Map<string, ChimeCredentialPair>();

  constructor(
    readonly shared: ChimeCredentialPair,
    readonly appInstanceArn: string,
    readonly sharedActsAsAnyUser: boolean,
  ) {
    this.#byKey.set(shared.accessKeyId, { pair: shared, principal: { kind: 'shared' } });
  }

  /**
   * Credentials bound to one AppInstanceUser of this AppInstance (the same pair on every call
   * for the same user). The user need not exist yet: an IAM policy may name a user ARN before
   * CreateAppInstanceUser creates it, and a request then fails on the missing user, not on IAM.
   */
  issue(userArn: unknown): ChimeCredentialPair {
    if (typeof userArn !== 'string' || !userArn.startsWith(`${this.appInstanceArn}/user/`) || !/^[A-Za-z0-9_@.-]{1,64}$/.test(userArn.slice(this.appInstanceArn.length + 6)))
      throw new TypeError(`userArn must be an AppInstanceUser ARN of this AppInstance (${this.appInstanceArn}/user/<1..64 of [A-Za-z0-9_@.-]>)`);
    const known = this.#byUser.get(userArn);
    if (known) return { ...known };
    const pair = { accessKeyId: `AKIDCHIMEUSER${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
    this.#byUser.set(userArn, pair);
    this.#byKey.set(pair.accessKeyId, { pair, principal: { kind: 'user', userArn } });
    return { ...pair };
  }

  /** The secret of an access key id, for the SigV4 verifier. */
  secretFor(accessKeyId: string): string | undefined {
    return this.#byKey.get(accessKeyId)?.pair.secretAccessKey;
  }

  /** The principal of a verified access key id; checks the session token the pair requires. */
  principal(accessKeyId: string, sessionToken: string | undefined): ChimePrincipal {
    const entry = this.#byKey.get(accessKeyId);
    if (!entry) throw new ChimeFault(401, 'Unauthorized', 'The security token included in the request is invalid.');
    if (entry.pair.sessionToken !== undefined && sessionToken !== entry.pair.sessionToken) throw new ChimeFault(403, 'Forbidden', 'The security token included in the request is invalid.');
    return entry.principal;
  }

  /**
   * Refuses a bearer the principal may not act as (IAM's answer: 403 ForbiddenException, as
   * the API reference lists for every messaging call). The message names the way out, never a
   * secret.
   */
  requireActAs(principal: ChimePrincipal, bearer: string): void {
    if (principal.kind === 'user') {
      if (principal.userArn !== bearer) throw new ChimeFault(403, 'Forbidden', `the credentials are bound to ${principal.userArn} and may not act as ${bearer} (x-amz-chime-bearer)`);
      return;
    }
    if (!this.sharedActsAsAnyUser)
      throw new ChimeFault(
        403,
        'Forbidden',
        'the shared credentials act as no AppInstanceUser: sign with credentials issued for the bearer (startEmulator().chime.credentialsFor(userArn), or POST /_emulator/chime/credentials), or start the emulator with chime.sharedCredentialsActAsAnyUser',
      );
  }

  /** Identity calls (CreateAppInstanceUser, CreateAppInstanceAdmin) are the app server's. */
  requireShared(principal: ChimePrincipal, operation: string): void {
    if (principal.kind !== 'shared') throw new ChimeFault(403, 'Forbidden', `${operation} needs the app's credentials; credentials issued for one AppInstanceUser may not call it`);
  }
}
