/** A small seeded generator of hostile and odd command texts, so a failing case can be replayed. */
export class FuzzText {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** xorshift32 */
  private next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  int(n: number): number {
    return this.next() % n;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  private randomChars(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const kind = this.int(6);
      const code =
        kind === 0
          ? this.int(32)
          : kind === 1
            ? 32 + this.int(95)
            : kind === 2
              ? 0x590 + this.int(0x200)
              : kind === 3
                ? 0x1f300 + this.int(0x300)
                : kind === 4
                  ? 0x200b + this.int(0x30)
                  : 0x80 + this.int(0xd000);
      out += String.fromCodePoint(code);
    }
    return out;
  }

  private static readonly PIECES = [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<!subteam^S123|team>',
    '<@U0GHOST|ghost>',
    '<@W0GHOST>',
    '<@U0REP1|rep>',
    '<#C0001|general>',
    '<https://evil.example|click>',
    '*bold*',
    '_it_',
    '~s~',
    '`code`',
    '```block```',
    '&amp;',
    '&lt;',
    '>',
    '<',
    '&',
    "'; DROP TABLE entries; --",
    '1 OR 1=1',
    '" OR ""="',
    'UNION SELECT * FROM users',
    '%s%s%n',
    '${process.exit()}',
    '__proto__',
    'constructor',
    '{"type":"section","text":{"type":"mrkdwn","text":"x"}}',
    '"]}],"blocks":[{"type":"divider"}',
    '\\n',
    '\n',
    '\t',
    '\r\n',
    ':smile:',
    '🎉',
    '👩‍💻',
    'مرحبا بالعالم',
    'שלום',
    '\u202Eevil\u202C',
    '\u200B',
    'Ωmega',
    'ｆｕｌｌｗｉｄｔｈ',
    'calls',
    '30',
    'demo',
    'self-led',
    'closed won',
    '$12,500',
    '-5',
    '0',
    '999999999999',
    '1e9',
    'NaN',
    'Infinity',
    'yesterday',
    'friday',
    '2026-02-30',
    'undo',
    'help',
    'team',
    'last week',
    'assign',
    'to',
    'start',
    'role',
    'remove',
    'admins',
    'add',
    'digest',
    'status',
    'forget',
    'goal',
    'window',
    'note:',
    '"',
  ] as const;

  /** One command text: pieces, random characters, or a very long string. */
  text(): string {
    const mode = this.int(10);
    if (mode === 0) return this.randomChars(1 + this.int(40));
    if (mode === 1)
      return this.pick(FuzzText.PIECES)
        .repeat(1 + this.int(400))
        .slice(0, 1 + this.int(4000));
    const parts: string[] = [];
    const n = 1 + this.int(8);
    for (let i = 0; i < n; i++) parts.push(this.int(5) === 0 ? this.randomChars(1 + this.int(6)) : this.pick(FuzzText.PIECES));
    return parts.join(this.pick([' ', ' ', ',', ', ', '', ' and ']));
  }
}
