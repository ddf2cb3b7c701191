import { describe, expect, it } from 'vitest';
import { editDistance, parseLog, parseLogForm, readCommonLine, readLine, type ParseContext } from '../../../src/scoring/parse/index.js';
import { aeParseContext } from '../../support/parse-context.js';

// Wednesday 18 November 2026.
const ctx = aeParseContext();
const catalogue = ctx.catalogue;

type Item = [key: string, count: number, amountCents?: number];
const ok = (items: Item[], day = '2026-11-18', note: string | null = null) => ({
  kind: 'log',
  day,
  note,
  items: items.map(([activityKey, count, amountCents]) => ({
    activityKey,
    count,
    amountCents: amountCents ?? null,
    currency: amountCents === undefined ? null : 'USD',
  })),
});

const understood: Array<[string, ReturnType<typeof ok>]> = [
  ['demo self-led', ok([['demo_self', 1]])],
  ['self-led demo', ok([['demo_self', 1]])],
  ['self led demo', ok([['demo_self', 1]])],
  ['demo self', ok([['demo_self', 1]])],
  ['Demo Self-Led', ok([['demo_self', 1]])],
  ['demo mentor-led', ok([['demo_mentor', 1]])],
  ['mentor led demo', ok([['demo_mentor', 1]])],
  ['demo shadow', ok([['demo_shadow', 1]])],
  ['shadowed a demo', ok([['demo_shadow', 1]])],
  ['peer shadow demo', ok([['demo_shadow', 1]])],
  ['demo booked', ok([['demo_booked', 1]])],
  ['booked demo', ok([['demo_booked', 1]])],
  ['demo meeting booked', ok([['demo_booked', 1]])],
  ['calls 30', ok([['call', 30]])],
  ['30 calls', ok([['call', 30]])],
  ['call', ok([['call', 1]])],
  ['30 dials', ok([['call', 30]])],
  ['x30 calls', ok([['call', 30]])],
  ['12 emails', ok([['email', 12]])],
  ['emails 12', ok([['email', 12]])],
  ['12 e-mails', ok([['email', 12]])],
  ['dm convo', ok([['dm_conversation', 1]])],
  ['3 dm convos', ok([['dm_conversation', 3]])],
  ['conversation with a decision maker', ok([['dm_conversation', 1]])],
  ['decision-maker conversation 2', ok([['dm_conversation', 2]])],
  ['linkedin connect', ok([['dm_connection', 1]])],
  ['4 linkedin connections', ok([['dm_connection', 4]])],
  ['dm connect', ok([['dm_connection', 1]])],
  ['meeting booked', ok([['meeting_booked', 1]])],
  ['2 meetings booked', ok([['meeting_booked', 2]])],
  ['booked meeting', ok([['meeting_booked', 1]])],
  ['mtg', ok([['meeting_booked', 1]])],
  ['disco mentor', ok([['discovery_mentor', 1]])],
  ['discovery self-led', ok([['discovery_self', 1]])],
  ['self-led discovery call', ok([['discovery_self', 1]])],
  ['disco self', ok([['discovery_self', 1]])],
  ['mentor-led discovery', ok([['discovery_mentor', 1]])],
  ['closed won', ok([['closed_won', 1]])],
  ['closed-won', ok([['closed_won', 1]])],
  ['closed won 12,000', ok([['closed_won', 1, 1_200_000]])],
  ['closed won $12,500', ok([['closed_won', 1, 1_250_000]])],
  ['closed won 12.5k', ok([['closed_won', 1, 1_250_000]])],
  ['Closed Won $12.5K', ok([['closed_won', 1, 1_250_000]])],
  ['won deal $8,000.50', ok([['closed_won', 1, 800_050]])],
  ['2 closed won', ok([['closed_won', 2]])],
  ['closed won $12,500.10', ok([['closed_won', 1, 1_250_010]])],
  ['closed won 1.15k', ok([['closed_won', 1, 115_000]])],
  ['closed won $10,000,000', ok([['closed_won', 1, 1_000_000_000]])],
  ['closed won 10m', ok([['closed_won', 1, 1_000_000_000]])],
  [
    '30 calls, 12 emails, meeting booked',
    ok([
      ['call', 30],
      ['email', 12],
      ['meeting_booked', 1],
    ]),
  ],
  [
    '30 calls and 12 emails',
    ok([
      ['call', 30],
      ['email', 12],
    ]),
  ],
  [
    '30 calls; 5 dm convos; demo self-led',
    ok([
      ['call', 30],
      ['dm_conversation', 5],
      ['demo_self', 1],
    ]),
  ],
  [
    'calls 40 + emails 20',
    ok([
      ['call', 40],
      ['email', 20],
    ]),
  ],
  ['demo self-led yesterday', ok([['demo_self', 1]], '2026-11-17')],
  ['yesterday demo self-led', ok([['demo_self', 1]], '2026-11-17')],
  ['30 calls today', ok([['call', 30]])],
  ['30 calls on monday', ok([['call', 30]], '2026-11-16')],
  ['demo self-led wed', ok([['demo_self', 1]])],
  ['demo self-led friday', ok([['demo_self', 1]], '2026-11-13')],
  ['demo self-led 2026-11-11', ok([['demo_self', 1]], '2026-11-11')],
  ['called 30', ok([['call', 30]])],
  ['emailed 12 prospects', ok([['email', 12]])],
  ['demo w/ mentor', ok([['demo_mentor', 1]])],
  ['cw 12k', ok([['closed_won', 1, 1_200_000]])],
  [
    '10 calls 5 emails',
    ok([
      ['call', 10],
      ['email', 5],
    ]),
  ],
  [
    'calls 30 emails 10',
    ok([
      ['call', 30],
      ['email', 10],
    ]),
  ],
  [
    '30 calls 10 emails 2 meetings booked yesterday',
    ok(
      [
        ['call', 30],
        ['email', 10],
        ['meeting_booked', 2],
      ],
      '2026-11-17',
    ),
  ],
  [
    'demo self-led x2 calls 30',
    ok([
      ['demo_self', 2],
      ['call', 30],
    ]),
  ],
  [
    '1 closed won $12k 30 calls',
    ok([
      ['closed_won', 1, 1_200_000],
      ['call', 30],
    ]),
  ],
  ['30 calls this monday', ok([['call', 30]], '2026-11-16')],
  ['30 calls this week', ok([['call', 30]])],
  ['30 calls last friday', ok([['call', 30]], '2026-11-13')],
  ['30 calls last wednesday', ok([['call', 30]], '2026-11-11')],
  ['30 calls nov 17', ok([['call', 30]], '2026-11-17')],
  ['30 calls 17 Nov', ok([['call', 30]], '2026-11-17')],
  ['30 calls on 17th november 2026', ok([['call', 30]], '2026-11-17')],
  [
    'demo self-led 17 nov, 5 emails',
    ok(
      [
        ['demo_self', 1],
        ['email', 5],
      ],
      '2026-11-17',
    ),
  ],
  [
    '30 calls November 12, 5 emails',
    ok(
      [
        ['call', 30],
        ['email', 5],
      ],
      '2026-11-12',
    ),
  ],
  [
    '30 calls yesterday, 5 emails',
    ok(
      [
        ['call', 30],
        ['email', 5],
      ],
      '2026-11-17',
    ),
  ],
  ['demo self-led "Acme kickoff"', ok([['demo_self', 1]], '2026-11-18', 'Acme kickoff')],
  ['20 calls note: follow-ups from the webinar', ok([['call', 20]], '2026-11-18', 'follow-ups from the webinar')],
  ['two demos self-led', ok([['demo_self', 2]])],
  ['calls twenty', ok([['call', 20]])],
  ['seventeen emails', ok([['email', 17]])],
  ['twenty-five calls', ok([['call', 25]])],
  ['Ninety-Nine dials', ok([['call', 99]])],
  ['a dozen emails', ok([['email', 12]])],
  ['Five calls', ok([['call', 5]])],
  ['  30   CALLS  ', ok([['call', 30]])],
  ['500 calls', ok([['call', 500]])],
];

const refused: Array<[string, RegExp]> = [
  ['dmeo self-led', /Did you mean \*demo self-led\*/],
  ['cals 30', /Did you mean \*calls\* \(1 pt\)\?/],
  ['emial 12', /Did you mean \*emails\*/],
  ['linkdin connect', /Did you mean \*dm connect\*/],
  ['demo', /Which one did you mean.*demo shadow.*demo self-led.*demo mentor-led/],
  ['discovery call', /Which one.*discovery self-led.*discovery mentor-led/],
  ['self-led', /Which one.*discovery self-led.*demo self-led/],
  ['dm', /Which one.*dm convo.*dm connect/],
  ['pizza', /I don't know the activity “pizza”/],
  ['0 calls', /count of zero/],
  ['calls 0', /count of zero/],
  ['-5 calls', /can't be negative/],
  ['calls -5', /can't be negative/],
  ['501 calls', /more than the 500 allowed/],
  ['100000 emails', /more than the 500 allowed/],
  ['2.5 calls', /whole number/],
  ['30 calls 20', /two counts/],
  ['10 calls 5 emials', /I don't know “5 emials”. Did you mean \*emails\*/],
  ['calls 30 20', /two counts/],
  ['calls forty five', /two counts/],
  [Array.from({ length: 13 }, () => '1 call').join(' '), /more than 12 activities/],
  ['demo self-led $500', /Only a closed-won deal takes an amount/],
  ['closed won $5 $6', /two amounts/],
  ['closed won 99999999999999999999999', /^A deal amount can be at most 10,000,000\. “closed won 99999999999999999999999” is more/],
  ['closed won $99999999999999999999999', /can be at most 10,000,000\./],
  ['closed won $10,000,000.01', /can be at most 10,000,000\./],
  ['closed won 10.5m', /can be at most 10,000,000\./],
  ['closed won 12.345', /to the cent/],
  ['closed won $1.2.3', /couldn't read the amount/],
  ['calls 30 tomorrow', /Tomorrow hasn't happened yet/],
  ['calls 30 next monday', /“next monday” hasn't happened yet/],
  ['calls 30 this friday', /Fri 20 Nov hasn't happened yet/],
  ['calls 30 last monday', /“last monday” could be Mon 16 Nov or Mon 9 Nov. Write `monday` for Mon 16 Nov, or the date `2026-11-09`/],
  ['calls 30 last week', /Which day last week\? Give its date, like `2026-11-13`/],
  ['calls 30 11/17', /which day “11\/17” is. Write the date as YYYY-MM-DD/],
  ['calls 2 nov 17', /which day “2 nov 17” is/],
  ['30 calls nov 31', /“nov 31” isn't a real date/],
  ['30 calls may 5', /Tue 5 May is too far back/],
  ['30 calls dec 30', /Wed 30 Dec hasn't happened yet/],
  ['calls 30 nov 17', /which day “30 nov 17” is/],
  ['calls 30 monday nov 17', /one day/],
  ['demo self-led 2026-11-19', /hasn't happened yet/],
  ['demo self-led 2026-11-01', /too far back/],
  ['demo self-led 2026-02-30', /isn't a real date/],
  ['30 calls monday, 10 emails tuesday', /one day/],
  ['30 calls, 10 calls', /appears twice/],
  ['demo self-led "unclosed note', /closing quote/],
  [
    '<@U123ABC|bob> 30 calls',
    /^I read \*calls\* \(1 pt\) in “&lt;@U123ABC\|bob&gt; 30 calls”, but not “&lt;@U123ABC\|bob&gt;”\. A note goes in quotes/,
  ],
  ['<!channel> demo', /&lt;!channel&gt;/],
  [',,,', /couldn't find an activity/],
  ['constructor', /I don't know the activity “constructor”/],
  ['30 calls __proto__', /I read \*calls\* \(1 pt\) in “30 calls proto”, but not “proto”/],
  ['toString calls', /I read \*calls\* \(1 pt\) in “toString calls”, but not “toString”/],
  [
    'demo self-led for Acme',
    /I read \*demo self-led\* \(25 pts\) in “demo self-led for Acme”, but not “Acme”\. A note goes in quotes: `\/log demo self-led "Acme kickoff"`/,
  ],
  ['Acme demo mentor-led', /I read \*demo mentor-led\* \(20 pts\)/],
  ['did the demo with my mentor for acme', /I read \*demo mentor-led\* \(20 pts\) in “did the demo with my mentor for acme”/],
  ['spoke with a decision maker acme', /I read \*dm convo\* \(5 pts\) in “spoke with a decision maker acme”/],
  ['acme spoke with a decision maker', /I read \*dm convo\* \(5 pts\)/],
  // The longest run of words that names an activity wins, filler words counted, the first words on a tie.
  ['shadow $5k shadow closed self a mtg booked', /I read \*meeting booked\* \(10 pts\)/],
  ['the dial demo self-led', /I read \*calls\* \(1 pt\)/],
  ['demo set closed won acme Conversation with a decision maker outbound email', /I read \*demo booked\* \(10 pts\)/],
  ['demo self-led acme demo self-led', /I read \*demo self-led\* \(25 pts\)/],
  ['toString', /I don't know the activity “toString”/],
  ['today', /couldn't find an activity/],
];

describe('parseLog', () => {
  it.each(understood)('reads %j', (text, expected) => {
    expect(parseLog(text, ctx)).toEqual(expected);
  });

  it.each(refused)('refuses %j with the reason', (text, reason) => {
    const result = parseLog(text, ctx);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(reason);
  });

  it.each([
    ['', 'form'],
    ['   ', 'form'],
    ['help', 'help'],
    ['HELP', 'help'],
    ['?', 'help'],
    ['undo', 'undo'],
    ['Undo', 'undo'],
    ['oops', 'undo'],
  ])('treats %j as %s', (text, kind) => {
    expect(parseLog(text, ctx).kind).toBe(kind);
  });

  it('shows the help when it cannot read the line at all, not for a near miss', () => {
    expect(parseLog('pizza', ctx)).toMatchObject({ kind: 'error', showHelp: true });
    expect(parseLog('dmeo self-led', ctx)).toMatchObject({ kind: 'error', showHelp: false });
  });

  it('lets a weekday name reach back into last week only within the backdate window', () => {
    expect(parseLog('demo self-led thursday', { ...ctx, backdateDays: 7 })).toMatchObject({ day: '2026-11-12' });
    expect(parseLog('demo self-led thursday', { ...ctx, backdateDays: 0 })).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/too far back/),
    });
    expect(parseLog('demo self-led monday', { ...ctx, backdateDays: 0 })).toMatchObject({ day: '2026-11-16' });
  });

  it("reads a month and day without a year as this year's, or last year's while this year's is still to come", () => {
    const newYear = { ...ctx, today: '2026-01-02' };
    expect(parseLog('demo self-led dec 30', newYear)).toMatchObject({ kind: 'log', day: '2025-12-30' });
    expect(parseLog('demo self-led 30 december 2025', newYear)).toMatchObject({ kind: 'log', day: '2025-12-30' });
    expect(parseLog('demo self-led jan 2', newYear)).toMatchObject({ kind: 'log', day: '2026-01-02' });
    expect(parseLog('demo self-led jan 3', newYear)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/Sat 3 Jan hasn't happened yet/),
    });
  });

  it('escapes what it echoes so it cannot ping or format', () => {
    const result = parseLog('<!here> *bold* pizza', ctx);
    expect(result.kind === 'error' && result.message).not.toMatch(/<!here>|\*bold\*/);
  });

  it('refuses a line over the limit before reading it, naming its length and the limit', () => {
    const line = `calls ${'bcd '.repeat(9_999)}bcd`;
    expect(line).toHaveLength(40_005);
    expect(parseLog(line, ctx)).toEqual({
      kind: 'error',
      message: 'That line is 40,005 characters long; /log takes up to 1,000. Split it into several /log lines.',
      showHelp: false,
    });
    expect(parseLog(`${line.slice(0, 1_001)}`, ctx)).toMatchObject({
      message: expect.stringMatching(/^That line is 1,001 characters long/),
    });
  });

  it('reads a line of many words up to the limit as it reads a short one', () => {
    const padded = `30 calls${' a'.repeat(496)}`;
    expect(padded).toHaveLength(1_000);
    expect(parseLog(padded, ctx)).toEqual(ok([['call', 30]]));
    const words = Array.from({ length: 248 }, (_, i) => 'bcdfghjklm'[Math.floor(i / 10) % 10]! + 'bcdfghjklm'[i % 10]! + 'z');
    const noted = `calls ${words.join(' ')} zz`;
    expect(noted).toHaveLength(1_000);
    expect(parseLog(noted, ctx)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^I read \*calls\* \(1 pt\) in “calls bbz bcz bdz .*…”, but not “bbz bcz bdz .*…”\./),
    });
  });

  it('has a table of at least 60 phrasings', () => {
    expect(understood.length + refused.length).toBeGreaterThanOrEqual(60);
  });
});

describe('readCommonLine', () => {
  const lowered = (line: string) => line.trim().toLowerCase().replace(/\s+/g, ' ');
  // Every phrase the catalogue knows, with counts in every place, beside the words that make a
  // line something else: days, number words, lists, amounts, notes, counts out of bounds.
  const phrases = catalogue.flatMap((c) => [c.shorthand, c.label, c.key.replace(/_/g, ' '), ...c.aliases]);
  const lines = phrases.flatMap((p) => [
    p,
    `${p} 30`,
    `30 ${p}`,
    `007 ${p}`,
    `${p.toUpperCase()}   2`,
    `${p} 0`,
    `${p} 500`,
    `${p} 501`,
    `${p} 2 3`,
    `${p} 12000`,
    `${p} 12k`,
    `five ${p}`,
    `${p} today`,
    `${p} friday`,
    `${p} last friday`,
    `${p} 19 nov`,
    `on ${p}`,
    `${p} and 5 emails`,
    `${p}-and-calls`,
    `${p} "kickoff"`,
    `${p} note: kickoff`,
    `${p} pizza`,
  ]);

  it('reads a common line exactly as readLine does, and leaves the rest to it', () => {
    let answered = 0;
    for (const line of lines) {
      const common = readCommonLine(lowered(line), ctx);
      if (common === undefined) continue;
      answered += 1;
      expect(common, line).toEqual(readLine(line.trim(), ctx));
    }
    expect(answered).toBeGreaterThan(500);
  });

  it("leaves a day word to readLine even inside an admin's alias", () => {
    const withAlias = {
      ...ctx,
      catalogue: catalogue.map((c) => (c.key === 'call' ? { ...c, aliases: [...c.aliases, 'friday call'] } : c)),
    };
    expect(readCommonLine('friday call', withAlias)).toBeUndefined();
    expect(parseLog('friday call', withAlias)).toEqual(ok([['call', 1]], '2026-11-13'));
  });

  it('answers the lines reps type most', () => {
    expect(readCommonLine('calls 30', ctx)).toEqual(ok([['call', 30]]));
    expect(readCommonLine('30 calls', ctx)).toEqual(ok([['call', 30]]));
    expect(readCommonLine('demo self-led', ctx)).toEqual(ok([['demo_self', 1]]));
    expect(readCommonLine('2 meetings booked', ctx)).toEqual(ok([['meeting_booked', 2]]));
  });

  it.each([
    'closed won',
    'closed won 12000',
    'calls 30 yesterday',
    '30 calls, 5 emails',
    '10 calls 5 emails',
    'calls 0',
    'calls 501',
    'five calls',
    'x30 calls',
    'demo self-led "acme"',
    'dmeo self-led',
    'demo',
  ])('leaves %j to readLine', (line) => {
    expect(readCommonLine(line, ctx)).toBeUndefined();
  });
});

describe('deal amounts, their currency and the questions a bare number raises', () => {
  const deal = (cents: number | null, currency: string | null, count = 1) => ({
    activityKey: 'closed_won',
    count,
    amountCents: cents,
    currency,
  });

  it.each([
    ['closed won €10k', [deal(1_000_000, 'EUR')]],
    ['closed won £10,000', [deal(1_000_000, 'GBP')]],
    ['closed won 10000 eur', [deal(1_000_000, 'EUR')]],
    ['closed won EUR 10000', [deal(1_000_000, 'EUR')]],
    ['closed won 9,500.50 gbp', [deal(950_050, 'GBP')]],
    ['closed won 7.5k chf', [deal(750_000, 'CHF')]],
    ['closed won 12,500', [deal(1_250_000, 'USD')]],
    ['closed won 99.50', [deal(9_950, 'USD')]],
    ['closed won $25k, closed won €15k', [deal(2_500_000, 'USD'), deal(1_500_000, 'EUR')]],
    ['closed won, closed won', [deal(null, null), deal(null, null)]],
    ['3 closed won', [deal(null, null, 3)]],
  ])('reads %j without asking', (line, items) => {
    expect(parseLog(line, ctx)).toMatchObject({ kind: 'log', items });
  });

  it('reads thousands separators as a count on any other activity', () => {
    expect(parseLog('1,200 calls, 5 emails', { ...ctx, maxCount: 5000 })).toMatchObject({
      kind: 'log',
      items: [
        { activityKey: 'call', count: 1200, amountCents: null, currency: null },
        { activityKey: 'email', count: 5 },
      ],
    });
  });

  it('writes an amount without a currency in the organisation’s', () => {
    expect(parseLog('closed won 10k', { ...ctx, currency: 'EUR' })).toMatchObject({ kind: 'log', items: [deal(1_000_000, 'EUR')] });
  });

  it('asks whether a bare number after closed-won is the amount or the count', () => {
    const asked = parseLog('closed won 3', ctx);
    expect(asked).toEqual({
      kind: 'ask',
      answered: '',
      question: { kind: 'amount_or_count', value: 3, cents: 300, currency: 'USD', countAllowed: true, maxDealsPerLine: 5 },
    });
    expect(parseLog('closed won 3', { ...ctx, answers: 'c' })).toMatchObject({ kind: 'log', items: [deal(null, null, 3)] });
    expect(parseLog('closed won 3', { ...ctx, answers: 'a' })).toMatchObject({ kind: 'log', items: [deal(300, 'USD')] });
  });

  it('offers only the amount when so many deals would be over the cap', () => {
    expect(parseLog('closed won 12000', ctx)).toMatchObject({ kind: 'ask', question: { value: 12000, countAllowed: false } });
    expect(parseLog('closed won 12000', { ...ctx, answers: 'a' })).toMatchObject({ kind: 'log', items: [deal(1_200_000, 'USD')] });
    expect(parseLog('closed won 12000', { ...ctx, answers: 'c' })).toMatchObject({ kind: 'error', message: /no longer fits/ });
  });

  it('asks whether one amount for several deals is their total or each one’s', () => {
    expect(parseLog('closed won 2 $40k', ctx)).toEqual({
      kind: 'ask',
      answered: '',
      question: { kind: 'total_or_each', count: 2, cents: 4_000_000, currency: 'USD' },
    });
    expect(parseLog('2 closed won $40k', { ...ctx, answers: 't' })).toMatchObject({ kind: 'log', items: [deal(4_000_000, 'USD', 2)] });
    expect(parseLog('2 closed won €40k', { ...ctx, answers: 'e' })).toMatchObject({
      kind: 'log',
      items: [deal(4_000_000, 'EUR'), deal(4_000_000, 'EUR')],
    });
  });

  it('asks one question at a time, carrying the answers already given', () => {
    expect(parseLog('closed won 3, closed won 2 $10k', { ...ctx, answers: 'c' })).toMatchObject({
      kind: 'ask',
      answered: 'c',
      question: { kind: 'total_or_each' },
    });
    expect(parseLog('closed won 4, closed won 2 $10k', { ...ctx, answers: 'ct' })).toMatchObject({
      kind: 'error',
      message: /^6 closed-won deals in one line is more than the 5 allowed/,
    });
    expect(parseLog('closed won 2, closed won 2 $10k', { ...ctx, answers: 'ct' })).toMatchObject({
      kind: 'log',
      items: [deal(null, null, 2), deal(1_000_000, 'USD', 2)],
    });
  });

  it.each([
    ['6 closed won', /^6 closed-won deals in one line is more than the 5 allowed\./],
    ['closed won 6 $10k', /^6 closed-won deals in one line is more than the 5 allowed\./],
    ['3 closed won, 3 closed won', /^6 closed-won deals in one line is more than the 5 allowed\./],
    ['closed won 20000000', /can be at most 10,000,000/],
    ['closed won €10,000,001', /can be at most 10,000,000/],
    ['closed won $5 eur', /couldn't read the amount/],
    ['30 calls 12 usd', /Only a closed-won deal takes an amount/],
    ['closed won 0', /A count of zero logs nothing/],
  ])('refuses %j', (line, message) => {
    expect(parseLog(line, ctx)).toMatchObject({ kind: 'error', message });
  });
});

describe('parseLogForm', () => {
  const base = { activityKey: 'demo_self', count: '1', day: '2026-11-18', amount: null, note: null };

  it('accepts a complete form', () => {
    expect(parseLogForm({ ...base, note: '  Acme  ' }, ctx)).toEqual({
      ok: true,
      item: { activityKey: 'demo_self', count: 1, amountCents: null, currency: null },
      day: '2026-11-18',
      note: 'Acme',
    });
  });

  it('takes an amount on a closed-won deal', () => {
    expect(parseLogForm({ ...base, activityKey: 'closed_won', amount: '12500.5' }, ctx)).toMatchObject({
      ok: true,
      item: { amountCents: 1_250_050 },
    });
    expect(parseLogForm({ ...base, activityKey: 'closed_won', amount: '10000000' }, ctx)).toMatchObject({
      ok: true,
      item: { amountCents: 1_000_000_000 },
    });
  });

  it.each([
    [{ activityKey: null }, 'activityKey', /Choose an activity/],
    [{ count: '0' }, 'count', /zero/],
    [{ count: '1.5' }, 'count', /whole number/],
    [{ count: '501' }, 'count', /At most 500/],
    [{ day: '2026-11-19' }, 'day', /hasn't happened yet/],
    [{ day: '2026-10-01' }, 'day', /too far back/],
    [{ amount: '500' }, 'amount', /Only a closed-won deal/],
    [{ activityKey: 'closed_won', amount: 'lots' }, 'amount', /as a number/],
    [{ activityKey: 'closed_won', amount: '1e25' }, 'amount', /as a number/],
    [{ activityKey: 'closed_won', amount: '99999999999999999999999' }, 'amount', /^A deal amount can be at most 10,000,000\.$/],
    [{ activityKey: 'closed_won', amount: '10000000.01' }, 'amount', /^A deal amount can be at most 10,000,000\.$/],
    [{ activityKey: 'closed_won', amount: '12.345' }, 'amount', /to the cent/],
  ])('refuses %j on the field %s', (change, field, message) => {
    const result = parseLogForm({ ...base, ...change }, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[field as keyof typeof result.errors]).toMatch(message);
  });
});

describe('editDistance', () => {
  it.each([
    ['demo', 'demo', 0],
    ['dmeo', 'demo', 1],
    ['cals', 'call', 1],
    ['linkdin', 'linkedin', 1],
    ['email', 'meeting', 5],
  ])('%s to %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
