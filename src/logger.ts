import { LogLevel, type Logger } from '@slack/bolt';
import { pino } from 'pino';

/**
 * Slack tokens and signatures never reach a log line, whatever is being logged. No word boundary
 * before them: in a serialized line a token that starts a line of a message follows `\n`, and
 * the `n` of that escape would hide it from one.
 */
export function redact(text: string): string {
  return text.replace(/x(?:ox[abposr]|app)-[A-Za-z0-9-]+/g, '[redacted-token]').replace(/v0=[a-f0-9]{16,}/g, '[redacted-signature]');
}

function render(part: unknown): string {
  if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

/**
 * Bolt and the Web API client call a logger with any mix of strings, errors and objects. A plain
 * object first carries fields of the line itself ({ user, command, … }); the rest is rendered,
 * errors with their stack, into one message. Pino would instead read the first string as a
 * printf format and an error as its own field.
 */
function asPinoArgs(args: unknown[]): [Record<string, unknown>, string] {
  const first = args[0];
  const hasFields = first !== null && typeof first === 'object' && !(first instanceof Error) && !Array.isArray(first);
  const rest = hasFields ? args.slice(1) : args;
  const text = rest.length === 1 && typeof rest[0] === 'string' ? rest[0] : rest.map(render).join(' ');
  return [hasFields ? (first as Record<string, unknown>) : {}, text];
}

/** The time as an ISO string, made once per millisecond: under load many lines share one. */
function isoClock(): () => string {
  let ms = Number.NaN;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

/**
 * Standard output, written once per turn of the event loop: under load a write per line is a
 * system call per request. Lines still buffered when the process exits are written then.
 *
 * Kept in place of pino's asynchronous destination (`pino.destination({ sync: false })`): that
 * one writes from libuv's thread pool, and its flush on exit writes what is queued while an
 * earlier write may still be under way, so the last lines before an exit can come out of order
 * (3 runs in 30 of three lines and an exit, on a pipe). Standard output on a pipe or a file is
 * written synchronously on Linux, so these lines keep their order.
 */
export function bufferedStdout(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

/**
 * A Bolt-compatible logger writing one JSON object per line (time, level, name, the fields, msg)
 * to `write`, built on pino.
 */
export function createJsonLogger(level: LogLevel, write: (line: string) => void = bufferedStdout()): Logger {
  const root = pino(
    {
      level,
      base: null,
      timestamp: isoClock(),
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Pino's own `redact` replaces values at paths named in advance. A token can be anywhere:
        // in an error's message or stack, in a URL, in a field Bolt or the Web API client made
        // up. So the serialized line is redacted as a string, as it goes to the destination; what
        // replaces a token has no character JSON escapes, so the line stays valid JSON.
        streamWrite: redact,
      },
    },
    { write },
  );
  // A child per name: Bolt and every WebClient built on this logger rename it, and pino's
  // setBindings would add a second `name` to each line rather than replace the first.
  let named = root.child({ name: 'points-bot' });
  const log =
    (at: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (named.isLevelEnabled(at)) named[at](...asPinoArgs(msg));
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      named.level = l;
    },
    getLevel: () => named.level as LogLevel,
    setName: (n: string) => {
      named = root.child({ name: n }, { level: named.level });
    },
  };
}

/** Logs a request's kind, user and command or action, never its text or tokens. */
export function logRequest(logger: Logger, body: Record<string, any>): void {
  const user: unknown = body.user_id ?? body.user?.id ?? body.event?.user;
  const what: unknown = body.command ?? body.actions?.[0]?.action_id ?? body.view?.callback_id ?? body.event?.type;
  logger.info({ event: 'request', type: body.type ?? (body.command ? 'slash_command' : 'unknown'), user, what }, 'request');
}
