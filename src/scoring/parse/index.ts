/**
 * Reading what reps type: `/log` lines and the `/log` form, and the words `/points` shares
 * with them. Each job has its own module here; this lists what the rest of the bot uses.
 */
export { parseAwayDays, type AwayDays } from './away.js';
export { dayOfPhrase, dayProblem, earliestDay, latestUpTo, trailingMonthDay, type MonthDayPhrase } from './days.js';
export { parseLogForm, type LogFormInput, type LogFormResult } from './form.js';
export { ANSWERS, MAX_ACCOUNT_CHARS, MAX_LINE_CHARS, parseLog, readCommonLine, readLine, type Question } from './log-line.js';
export { editDistance } from './matcher.js';
export type { ParseContext, ParsedItem, ParseResult } from './types.js';
export { HELP_WORDS, numberWord } from './vocabulary.js';
