import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AppSyncEmulatorOptions, NamespaceOptions } from '../appsync/options.js';
import type { EmulatorOptions } from '../startEmulator.js';

/** The CLI's usage text (`--help`). */
export const USAGE = `usage: channelkit-emulator [options]

  --host <address>            interface to bind (default 127.0.0.1; the admin API answers loopback only)
  --port <base>               base port: admin on it, AppSync Events +1, API Gateway +2, Hotsock +3,
                              Chime SDK messaging +4 (default 4010; 0 = ephemeral)
  --tls                       serve https/wss with a self-signed certificate, written to
                              .channelkit/emulator-cert.pem under the current directory
  --api-key <key>             AppSync API key              (env CHANNELKIT_EMULATOR_API_KEY)
  --access-key-id <id>        IAM access key id, AppSync and @connections (env CHANNELKIT_EMULATOR_ACCESS_KEY_ID)
  --secret-access-key <key>   IAM secret access key        (env CHANNELKIT_EMULATOR_SECRET_ACCESS_KEY)
  --jwt-secret <secret>       HS256 secret of the JWT verifier (env CHANNELKIT_EMULATOR_JWT_SECRET)
  --namespace <name>          an extra AppSync namespace (repeatable; "default" always exists)
  --apigw-handler <module#export>
                              run this Lambda handler for every API Gateway route (e.g.
                              ./dist/handler.js#handler; default export "handler"), instead of
                              the built-in channel router
  --config <file.json>        options as JSON: {host, port, tls, appsync: {apiKey, namespaces, ...},
                              apigw: {stage, connectAuthorization, ...}, hotsock: {apiKey, stage, ...},
                              chime: {region, appInstanceId, credentials, users, admins,
                                      sharedCredentialsActAsAnyUser, ...}}
  -h, --help                  this text

Flags win over environment variables, which win over the config file. Once every server
listens, one line of JSON (the endpoints) is printed to stdout.`;

/** What the CLI runs with. */
export interface CliSettings {
  options: EmulatorOptions;
  help: boolean;
  /** `--apigw-handler`: the module (resolved from the working directory) and its export. */
  apigwHandler?: { module: string; exportName: string };
}

const NAMESPACE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

/**
 * Turns the CLI's arguments, environment and optional config file into `startEmulator`
 * options. Throws a `RangeError` naming the flag that is wrong (never quoting a secret).
 *
 * @example
 * ```ts
 * const { options } = parseCliArgs(['--', '--port', '0'], process.env);
 * ```
 */
export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): CliSettings {
  // `npm start -- --port 0` (and pnpm) pass the separator through: a leading `--` is not an argument.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        tls: { type: 'boolean' },
        'api-key': { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'jwt-secret': { type: 'string' },
        namespace: { type: 'string', multiple: true },
        'apigw-handler': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    // parseArgs quotes the offending argument, which could be a secret pasted in the wrong place.
    const code = (error as { code?: string }).code;
    // The flag's name (never a value after `=`) is safe to show, and what the user needs.
    const flag = /'(--?[A-Za-z][\w-]{0,40})(?:=[^']*)?'/.exec((error as Error).message)?.[1];
    throw new RangeError(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option${flag ? ` ${flag}` : ''} (see --help)`
        : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? 'unexpected argument: the CLI takes only options (see --help)'
          : 'an option is missing its value (see --help)',
    );
  }
  if (values.help) return { options: {}, help: true };

  const config = values.config ? readConfig(values.config as string, readFile) : {};
  const options: EmulatorOptions = { ...config, appsync: { ...config.appsync }, apigw: { ...config.apigw } };
  const appsync = options.appsync as AppSyncEmulatorOptions;
  if (values.host !== undefined) options.host = values.host as string;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port as string) || port > 65_530) throw new RangeError('--port must be a whole number from 0 to 65530');
    options.port = port;
  }
  if (values.tls) options.tls = true;

  const pick = (flag: string, envName: string) => (values[flag] as string | undefined) ?? env[envName];
  const apiKey = pick('api-key', 'CHANNELKIT_EMULATOR_API_KEY');
  if (apiKey !== undefined) {
    if (apiKey === '') throw new RangeError('--api-key (or CHANNELKIT_EMULATOR_API_KEY) must not be empty');
    appsync.apiKey = apiKey;
  }
  const accessKeyId = pick('access-key-id', 'CHANNELKIT_EMULATOR_ACCESS_KEY_ID');
  const secretAccessKey = pick('secret-access-key', 'CHANNELKIT_EMULATOR_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) throw new RangeError('--access-key-id and --secret-access-key (or their CHANNELKIT_EMULATOR_ variables) go together');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    if (!accessKeyId || !secretAccessKey) throw new RangeError('--access-key-id and --secret-access-key must not be empty');
    // One identity for both AWS backends, as one IAM user would have.
    appsync.credentials = { accessKeyId, secretAccessKey };
    options.apigw = { ...options.apigw, credentials: { accessKeyId, secretAccessKey } };
  }
  const jwtSecret = pick('jwt-secret', 'CHANNELKIT_EMULATOR_JWT_SECRET');
  if (jwtSecret !== undefined) {
    if (jwtSecret.length < 16) throw new RangeError('--jwt-secret (or CHANNELKIT_EMULATOR_JWT_SECRET) must be at least 16 characters');
    appsync.jwtSecret = jwtSecret;
  }
  const extra = (values.namespace as string[] | undefined) ?? [];
  if (extra.length || appsync.namespaces) {
    const namespaces: Record<string, NamespaceOptions> = { default: {}, ...appsync.namespaces };
    for (const name of extra) {
      if (!NAMESPACE.test(name)) throw new RangeError(`--namespace ${name.slice(0, 60)}: 1-50 characters of [A-Za-z0-9-], not starting or ending with "-"`);
      namespaces[name] ??= {};
    }
    appsync.namespaces = namespaces;
  }
  const handlerSpec = values['apigw-handler'] as string | undefined;
  if (handlerSpec !== undefined) {
    const hash = handlerSpec.lastIndexOf('#');
    const module = hash === -1 ? handlerSpec : handlerSpec.slice(0, hash);
    const exportName = hash === -1 ? 'handler' : handlerSpec.slice(hash + 1);
    if (!module || !/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new RangeError('--apigw-handler must be <module>#<export>, e.g. ./dist/handler.js#handler');
    return { options, help: false, apigwHandler: { module, exportName } };
  }
  return { options, help: false };
}

/** Reads `--config`: JSON with the serializable subset of `EmulatorOptions`. */
function readConfig(path: string, readFile: (path: string) => string): EmulatorOptions {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new RangeError(`--config ${path}: cannot read it (${(error as { code?: string }).code ?? 'error'})`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new RangeError(`--config ${path}: not valid JSON`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new RangeError(`--config ${path}: must be a JSON object`);
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!['host', 'port', 'tls', 'appsync', 'apigw', 'hotsock', 'chime'].includes(key))
      throw new RangeError(`--config ${path}: unknown key "${key.slice(0, 40)}" (allowed: host, port, tls, appsync, apigw, hotsock, chime)`);
  }
  for (const key of ['appsync', 'apigw', 'hotsock', 'chime'] as const) {
    if (c[key] !== undefined && (c[key] === null || typeof c[key] !== 'object' || Array.isArray(c[key]))) throw new RangeError(`--config ${path}: "${key}" must be an object`);
  }
  const ns = (c.appsync as { namespaces?: unknown } | undefined)?.namespaces;
  if (ns !== undefined && (ns === null || typeof ns !== 'object' || Array.isArray(ns) || Object.keys(ns).some((n) => !NAMESPACE.test(n)))) {
    throw new RangeError(`--config ${path}: appsync.namespaces must be an object keyed by namespace names (1-50 characters of [A-Za-z0-9-])`);
  }
  return c as EmulatorOptions;
}
