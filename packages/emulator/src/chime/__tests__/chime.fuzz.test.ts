import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ChannelKitError } from '@channelkit/transport';
import { CHIME_EVENT_TYPES, chime, parseChimeEnvelope } from '@channelkit/transport/chime';
import { presignUrl, signRequest } from '@channelkit/transport/sigv4';
import { hostileJson, prng, randomString, randomValue, SCALE, SEED, Tally, within } from '../../core/__tests__/_fuzz.js';
import { httpRequest } from '../../core/__tests__/_wire.js';
import { startEmulator } from '../../startEmulator.js';

// Fuzzer of Chime (issue 11): envelopes into the client's decoder (hostile and well-formed, the
// latter must decode to what was encoded), signed REST requests with hostile paths, queries and
// bodies into the emulator (never a 5xx, always the documented error shape, never a secret), and
// hostile connect URLs (refused with a close code or an HTTP status, never a crash). Issue 18:
// requests are signed by ada, by bob, or by the shared pair, with a bearer that is sometimes not
// the signer's and sometimes added after signing — any success there is an impersonation, a
// wrong answer; so is a 2xx on a message operation the bearer's role does not allow. After each
// batch a well-formed send must still work.

/** encodeURIComponent throws on lone surrogates; the fuzzer's strings have them. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

const MESSAGE_TYPES = ['STANDARD', 'CONTROL', 'SYSTEM', 'weird', undefined];

it('fuzz chime: envelopes, REST requests and connect URLs never crash it or get a wrong answer', async () => {
  const r = prng(SEED + 4);
  const e = await startEmulator({ port: 0 });
  const tally = new Tally('chime');
  const c = e.endpoints.chime;
  const ada = e.chime.model.createUser('ada', 'Ada');
  const bob = e.chime.model.createUser('bob', 'Bob');
  const room = e.chime.model.createChannel(ada, { AppInstanceArn: c.appInstanceArn, Name: 'room', ChannelId: 'room' }).ChannelArn;
  e.chime.model.channel(room).members.set(bob, { type: 'DEFAULT', createdAt: Date.now(), invitedBy: ada });
  const signers = { ada: e.chime.credentialsFor(ada), bob: e.chime.credentialsFor(bob), shared: c.credentials };
  const secrets = Object.values(signers).map((s) => s.secretAccessKey);
  const signerArn: Record<string, string | undefined> = { ada, bob, shared: undefined };
  const backend = chime({ region: c.region, appInstanceArn: c.appInstanceArn, userArn: ada, credentials: signers.ada, endpoint: c.endpoint });
  const host = new URL(c.endpoint).host;
  const sign = (path: string, method: string, body: string | undefined, headers: Record<string, string>, credentials = signers.ada) =>
    signRequest({ url: `${c.endpoint}${path}`, method, headers, ...(body !== undefined ? { body } : {}) }, { service: 'chime', region: c.region, credentials });
  try {
    const batches = Math.round(8 * SCALE);
    for (let batch = 0; batch < batches; batch++) {
      // 1. Envelopes into the decoder.
      for (let i = 0; i < 150; i++) {
        tally.cases++;
        const eventType = r.pick([...CHIME_EVENT_TYPES, randomString(r)]);
        const wellFormed = r.chance(0.5);
        const payload = {
          ChannelArn: room,
          MessageId: `m${i}`,
          Content: String(randomString(r)).slice(0, 50),
          CreatedTimestamp: r.pick([1.7e9, '2024-01-01T00:00:00Z', 'nope', null]),
          Channel: { ChannelArn: room },
        };
        const raw = wellFormed
          ? JSON.stringify({ Headers: { 'x-amz-chime-event-type': eventType, 'x-amz-chime-message-type': r.pick(MESSAGE_TYPES) }, Payload: JSON.stringify(payload) })
          : r.pick([hostileJson(r, { Headers: () => randomValue(r), Payload: () => randomValue(r) }), randomString(r), JSON.stringify(randomValue(r))]);
        try {
          const event = parseChimeEnvelope(raw);
          backend.decode(raw);
          if (wellFormed && event.eventType !== eventType) tally.wrongAnswer(`decoded ${event.eventType} from ${eventType}`);
          if (wellFormed && event.kind === 'message' && event.message.MessageId !== `m${i}`) tally.wrongAnswer('message id changed');
        } catch (error) {
          if (!(error instanceof ChannelKitError)) tally.crash(`decoder threw ${String(error)}`);
          else if (wellFormed && CHIME_EVENT_TYPES.includes(eventType as (typeof CHIME_EVENT_TYPES)[number])) tally.wrongAnswer(`well-formed ${eventType} refused: ${error.message}`);
        }
      }
      // 2. Signed REST requests.
      for (let i = 0; i < 25; i++) {
        tally.cases++;
        const method = r.pick(['GET', 'POST', 'PUT', 'DELETE']);
        const path = r.pick([
          `/channels/${encodeURIComponent(room)}/messages`,
          `/channels/${encodeURIComponent(room)}/messages/${enc(randomString(r).slice(0, 40))}`,
          `/channels/${enc(randomString(r).slice(0, 60))}/memberships`,
          `/channels?scope=${enc(randomString(r).slice(0, 20))}`,
          `/channels/${encodeURIComponent(room)}/messages?sort-order=${enc(randomString(r).slice(0, 20))}&max-results=${r.pick(['0', '51', '-1', 'x', '10'])}&not-before=${enc(randomString(r).slice(0, 20))}`,
          `/channels/${encodeURIComponent(room)}/${r.pick(['messages', 'memberships', 'moderators'])}?max-results=${r.pick(['0', '51', '-1', '1e1', '10', ''])}&next-token=${r.pick(['', 'Mg', '!!', enc(randomString(r).slice(0, 30))])}`,
          `/channels/${encodeURIComponent(room)}/messages/${r.pick(['m', enc(randomString(r).slice(0, 20))])}?operation=redact`,
          `/channels/${encodeURIComponent(room)}/moderators${r.pick(['', `/${encodeURIComponent(bob)}`])}`,
          `/channels/${encodeURIComponent(room)}/memberships/${encodeURIComponent(r.pick([ada, bob]))}`,
          `/app-instances/${encodeURIComponent(c.appInstanceArn)}/admins`,
          '/endpoints/messaging-session',
          '/channels/%zz/messages',
          '/channels/%E0%A4%A/memberships/%',
          '/app-instance-users',
          `/${enc(randomString(r).slice(0, 30))}`,
        ]);
        const body =
          method === 'GET'
            ? undefined
            : r.pick([
                hostileJson(r, {
                  Content: () => randomValue(r),
                  Type: () => r.pick(['STANDARD', 'CONTROL', randomString(r)]),
                  MemberArn: () => r.pick([randomValue(r), ada, bob]),
                  Name: () => randomValue(r),
                  Metadata: () => r.pick(['m', 'x'.repeat(1025), randomValue(r)]),
                  ClientRequestToken: () => r.pick(['ok-token', 'x', 'bad token!', 'y'.repeat(65), randomValue(r)]),
                  Target: () => r.pick([[{ MemberArn: bob }], [{ MemberArn: bob }, { MemberArn: ada }], [], randomValue(r)]),
                  ChannelModeratorArn: () => r.pick([bob, randomValue(r)]),
                  AppInstanceAdminArn: () => r.pick([bob, randomValue(r)]),
                }),
                '{"Content":"ok"}',
                '[]',
                'null',
                randomString(r).slice(0, 200),
              ]);
        const bearer = r.pick([
          ada,
          ada,
          bob,
          randomString(r)
            .slice(0, 80)
            .replace(/[^\x20-\x7e]/g, ''),
          undefined,
        ]);
        const signer = r.pick(['ada', 'ada', 'bob', 'shared'] as const);
        // Sometimes the bearer is added after signing (a captured request with its bearer swapped).
        const late = bearer !== undefined && r.chance(0.15);
        const signed = sign(path, method, body, bearer && !late ? { 'x-amz-chime-bearer': bearer } : {}, signers[signer]);
        const headers = late ? { ...signed.headers, 'x-amz-chime-bearer': bearer } : signed.headers;
        try {
          const answer = await httpRequest(signed.url, { method, headers, ...(body !== undefined ? { body } : {}) });
          if (answer.status >= 500) tally.wrongAnswer(`${method} ${path.slice(0, 80)} → ${answer.status}`);
          if (secrets.some((secret) => answer.text.includes(secret))) tally.wrongAnswer('a secret in an answer');
          const bearerCall = !path.startsWith('/endpoints') && !path.startsWith('/app-instance');
          if (answer.status < 400 && bearerCall && (late || signerArn[signer] !== bearer))
            tally.wrongAnswer(`impersonation accepted: ${signer} signed, bearer ${String(bearer).slice(-12)}${late ? ' (unsigned)' : ''}: ${method} ${path.slice(0, 60)} → ${answer.status}`);
          if (answer.status < 400 && method === 'DELETE' && /\/messages\/./.test(path)) tally.wrongAnswer(`a non-admin deleted a message: ${path.slice(0, 60)}`);
          // Only the list calls (GET) read paging; a POST to the same path ignores the query.
          if (answer.status < 400 && method === 'GET' && /max-results=(0|51|-1|1e1|x)?(&|$)/.test(path)) tally.wrongAnswer(`a bad max-results accepted: ${path.slice(-60)}`);
          if (answer.status < 400 && method === 'GET' && /next-token=(!!)?(&|$)/.test(path)) tally.wrongAnswer(`a bad next-token accepted: ${path.slice(-60)}`);
          // SendChannelMessage takes all three fields (other operations ignore them, as restJson1 does unknown members).
          const send = method === 'POST' && path === `/channels/${encodeURIComponent(room)}/messages`;
          if (send && answer.status < 400 && body !== undefined && /"Metadata":"x{1025}|"Target":\[\{[^\]]*\},\{|"ClientRequestToken":"(x|bad token!|y{65})"/.test(body))
            tally.wrongAnswer(`an invalid field accepted: ${method} ${path.slice(0, 40)} ${body.slice(0, 80)}`);
          if (answer.status < 400 && path.startsWith('/app-instances') && signer !== 'shared') tally.wrongAnswer('a user credential made an AppInstanceAdmin');
          if (answer.status >= 400) {
            const json = answer.json as { Code?: unknown; Message?: unknown } | undefined;
            if (typeof json?.Code !== 'string' || typeof json.Message !== 'string' || typeof answer.headers['x-amzn-errortype'] !== 'string')
              tally.wrongAnswer(`error without Code/Message/x-amzn-ErrorType: ${answer.text.slice(0, 100)}`);
          }
        } catch (error) {
          tally.crash(`REST ${method} ${path.slice(0, 60)}: ${String(error)}`);
        }
      }
      // 3. Hostile connect URLs: refused with 4401/4003 (or an HTTP status), never established.
      for (let i = 0; i < 6; i++) {
        tally.cases++;
        // ada and bob exist: only a URL presigned with that user's own credentials may establish.
        const userArn = r.pick([`${c.appInstanceArn}/user/nobody`, ada, bob, randomString(r).slice(0, 100), '']);
        const base = `ws://${host}/connect?userArn=${enc(userArn)}&sessionId=${enc(randomString(r).slice(0, 20))}`;
        const signer = r.pick(['ada', 'bob', 'shared'] as const);
        const presigned = r.chance(0.6);
        const url = presigned
          ? presignUrl({ url: base }, { service: 'chime', region: c.region, credentials: signers[signer], expiresIn: 10 })
          : `${base}&X-Amz-Signature=${r.pick(['00', randomString(r).slice(0, 64)])}`;
        const outcome = await within(
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.on('message', (m) => String(m).includes('SESSION_ESTABLISHED') && resolve('established'));
            ws.on('close', (code) => resolve(String(code)));
            ws.on('error', () => resolve('http-refused'));
          }),
          3000,
          'connect outcome',
        );
        if (outcome === 'established' && !(presigned && signerArn[signer] === userArn)) tally.wrongAnswer(`established as ${userArn.slice(0, 60)} with ${presigned ? signer : 'no'} credentials`);
      }
      // Health: a well-formed send still works.
      const ok = sign(`/channels/${encodeURIComponent(room)}/messages`, 'POST', '{"Content":"health"}', { 'x-amz-chime-bearer': ada, 'content-type': 'application/json' });
      const health = await httpRequest(ok.url, { method: 'POST', headers: ok.headers, body: '{"Content":"health"}' });
      if (health.status !== 201) tally.crash(`health send answered ${health.status}`);
    }
  } finally {
    await e.close();
  }
  console.log(tally.line());
  expect(tally.crashes, tally.details()).toEqual([]);
  expect(tally.wrong, tally.details()).toEqual([]);
});
