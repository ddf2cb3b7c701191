import { LogLevel, type Logger } from '@slack/bolt';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** Slack tokens and signatures never reach a log line, whatever is being logged. */
export function redact(text: string): string {
  return text.replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g, '[redacted-token]').replace(/\bv0=[a-f0-9]{16,}/g, '[redacted-signature]');
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
 * Standard output, written once per turn of the event loop: under load a write per line is a
 * system call per request. Lines still buffered when the process exits are written then.
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

/** The time as an ISO string, made once per millisecond: under load many lines share one. */
function isoClock(): () => string {
  let ms = Number.NaN;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      text = new Date(now).toISOString();
    }
    return text;
  };
}

/** A Bolt-compatible logger writing one JSON object per line. */
export function createJsonLogger(level: LogLevel, write: (line: string) => void = bufferedStdout()): Logger {
  let current = level;
  let name = 'points-bot';
  const time = isoClock();
  const log =
    (at: LogLevel) =>
    (...msg: unknown[]) => {
      if (ORDER[at] < ORDER[current]) return;
      // A plain object first carries fields of the line itself ({ user, command, … }).
      const first = msg[0];
      const fields =
        first && typeof first === 'object' && !(first instanceof Error) && !Array.isArray(first)
          ? (msg.shift() as Record<string, unknown>)
          : {};
      const text = msg.length === 1 && typeof msg[0] === 'string' ? msg[0] : msg.map(render).join(' ');
      const line = { time: time(), level: at, name, ...fields, msg: text };
      // Redacting the serialized line covers every field at any depth; what it puts in its
      // place has no character JSON escapes, so the line stays valid JSON.
      write(`${redact(JSON.stringify(line))}\n`);
    };
  return {
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}

/** Logs a request's kind, user and command or action, never its text or tokens. */
export function logRequest(logger: Logger, body: Record<string, any>): void {
  const user: unknown = body.user_id ?? body.user?.id ?? body.event?.user;
  const what: unknown = body.command ?? body.actions?.[0]?.action_id ?? body.view?.callback_id ?? body.event?.type;
  logger.info({ event: 'request', type: body.type ?? (body.command ? 'slash_command' : 'unknown'), user, what }, 'request');
}
