-- Notes are kept as the rep typed them. Slack sends a slash command's text with &, < and >
-- written as &amp;, &lt; and &gt;, and until now /log stored a note as it arrived, so a note
-- typed "Tom & Jerry" was kept, shown and exported as "Tom &amp; Jerry". Notes from /log
-- (source 'command') are decoded once here; the form's notes always arrived as typed. &lt; and
-- &gt; are decoded before &amp;, so a note typed as "&lt;" (sent as "&amp;lt;") comes back as
-- typed.
UPDATE `entries`
SET `note` = replace(replace(replace(`note`, '&lt;', '<'), '&gt;', '>'), '&amp;', '&')
WHERE `source` = 'command' AND `note` LIKE '%&%';
