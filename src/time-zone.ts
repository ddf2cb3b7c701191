const known = new Set<string>();

/**
 * Whether Intl knows the zone (an IANA name such as Europe/London): the check for the
 * configured default and for each zone Slack reports. Each zone is checked once, as building a
 * formatter is slow; the set holds nothing from the database.
 */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  if (known.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    known.add(zone);
    return true;
  } catch {
    return false;
  }
}
