import { describe, expect, it } from 'vitest';
import { typedText } from '../../../src/commands/command-text.js';

describe('typedText', () => {
  it.each([
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;!channel&gt; hi', '<!channel> hi'],
    // A typed "&lt;" arrives as "&amp;lt;" and stays "&lt;": one pass, not two.
    ['&amp;lt;', '&lt;'],
    ['&amp;amp;', '&amp;'],
    // Slack's own mentions and links are not escaped and pass through.
    ['<@U123ABC|bob> &amp; <#C1|sales>', '<@U123ABC|bob> & <#C1|sales>'],
    // Only the three entities Slack writes.
    ['&quot;x&quot; &nbsp; &#60; & alone', '&quot;x&quot; &nbsp; &#60; & alone'],
    ['30 calls', '30 calls'],
  ])('reads %j as %j', (sent, typed) => {
    expect(typedText(sent)).toBe(typed);
  });
});
