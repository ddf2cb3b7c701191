import { LogLevel, type Logger } from '@slack/bolt';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** Slack tokens and signatures never reach a log line, whatever is being logged. */
export function redact(text: string): string {
  return text
    .replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g, '[redacted-token]')
    .replace(/\bv0=[a-f0-9]{16,}/g, '[redacted-signature]');
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

/** A Bolt-compatible logger writing one JSON object per line. */
export function createJsonLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  let current = level;
  let name = 'points-bot';
  const log = (at: LogLevel) => (...msg: unknown[]) => {
    if (ORDER[at] < ORDER[current]) return;
    const line = { time: new Date().toISOString(), level: at, name, msg: redact(msg.map(render).join(' ')) };
    write(`${JSON.stringify(line)}\n`);
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
