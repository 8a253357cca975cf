// Command-line face of the transport: `--host user@host[:port]` (or a ~/.ssh/config alias),
// `--identity FILE` and `--ssh-config FILE`, taken out of an argv; the rest is left for the command. Pure.
import { render, transportMessages as m } from '../../common/messages';
import type { SshTarget } from './sshArgs';
import type { TransportError } from './types';

export type HostSpec = { readonly ok: true; readonly target: SshTarget } | ({ readonly ok: false } & TransportError);

const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const IPV6 = /^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$/;

function bad(spec: string, why: string): HostSpec {
  return { ok: false, code: m.badHostSpec.code, message: render(m.badHostSpec, spec, why) };
}

/** Parses `alias`, `host`, `user@host`, `host:port`, `user@[v6addr]:port`. */
export function parseHostSpec(spec: string): HostSpec {
  if (spec === '') return bad(spec, 'it is empty');
  if (spec.startsWith('-')) return bad(spec, "it starts with '-'");
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  let rest = at >= 0 ? spec.slice(at + 1) : spec;
  if (user !== undefined && !USER.test(user)) return bad(spec, 'the user name has characters ssh does not accept');
  let port: number | undefined;
  let host: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return bad(spec, "'[' without ']'");
    host = rest.slice(1, close);
    rest = rest.slice(close + 1);
    if (!IPV6.test(host)) return bad(spec, 'the address in brackets is not an IPv6 address');
    if (rest !== '') {
      if (!rest.startsWith(':')) return bad(spec, "text after ']'");
      port = Number(rest.slice(1));
    }
  } else {
    const colon = rest.indexOf(':');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    if (colon >= 0) port = Number(rest.slice(colon + 1));
    if (!NAME.test(host)) return bad(spec, 'the host name has characters ssh does not accept');
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    return bad(spec, 'the port is not a number from 1 to 65535');
  }
  const destination = user !== undefined ? `${user}@${host}` : host;
  return { ok: true, target: port !== undefined ? { destination, port } : { destination } };
}

export type CliTransportOptions =
  | { readonly ok: true; readonly target?: SshTarget; readonly rest: string[] }
  | ({ readonly ok: false } & TransportError);

/** Removes `--host X`, `--identity F`, `--ssh-config F` (also as `--name=value`) from argv. */
export function takeTransportOptions(argv: readonly string[]): CliTransportOptions {
  let host: string | undefined;
  let identity: string | undefined;
  let configFile: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (name !== '--host' && name !== '--identity' && name !== '--ssh-config') {
      rest.push(a);
      continue;
    }
    let value: string | undefined;
    if (eq > 0 && a.startsWith('--')) value = a.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === '') {
      return { ok: false, code: m.cliOptionValue.code, message: render(m.cliOptionValue, name) };
    }
    if (name === '--host') host = value;
    else if (name === '--identity') identity = value;
    else configFile = value;
  }
  if (host === undefined) {
    if (identity !== undefined || configFile !== undefined) return { ok: false, code: m.identityWithoutHost.code, message: render(m.identityWithoutHost) };
    return { ok: true, rest };
  }
  const spec = parseHostSpec(host);
  if (!spec.ok) return spec;
  const target = {
    ...spec.target,
    ...(identity !== undefined ? { identity } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
  };
  return { ok: true, target, rest };
}
