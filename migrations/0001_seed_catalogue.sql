-- The AE points table every installation starts with (shared DOMAIN.md); the organisation may change it later.
INSERT INTO `activities` (`key`, `label`, `shorthand`, `points`, `aliases`, `category`, `takes_amount`, `sort_order`) VALUES
  ('call', 'Outbound call', 'calls', 1, '["call","calls","dial","dials","outbound call","cold call","phone call"]', 'call', 0, 1),
  ('email', 'Outbound email', 'emails', 1, '["email","emails","outbound email","cold email","mail"]', 'email', 0, 2),
  ('dm_conversation', 'Conversation with a decision maker', 'dm convo', 5, '["dm convo","dm conversation","decision maker conversation","convo","conversation","dm call","dm talk","spoke to dm"]', 'conversation', 0, 3),
  ('dm_connection', 'Connection with a decision maker (LinkedIn or social)', 'dm connect', 5, '["dm connect","dm connection","linkedin connect","linkedin connection","linkedin","li connect","social connect","social connection","connect","connection","decision maker connection"]', 'connection', 0, 4),
  ('meeting_booked', 'Meeting booked', 'meeting booked', 10, '["meeting booked","meeting","meetings","booked meeting","mtg booked","mtg","meeting set"]', 'meeting', 0, 5),
  ('discovery_self', 'Discovery call, self-led', 'discovery self-led', 25, '["discovery self-led","self-led discovery","discovery self","disco self","self disco","discovery call self-led","self-led discovery call"]', 'discovery', 0, 6),
  ('discovery_mentor', 'Discovery call, mentor-led', 'discovery mentor-led', 20, '["discovery mentor-led","mentor-led discovery","discovery mentor","disco mentor","mentor disco","discovery call mentor-led","mentor-led discovery call"]', 'discovery', 0, 7),
  ('demo_shadow', 'Demo, peer/mentor shadow', 'demo shadow', 15, '["demo shadow","shadow demo","shadowed demo","demo peer shadow","peer shadow","mentor shadow","demo mentor shadow","shadow"]', 'demo', 0, 8),
  ('demo_booked', 'Demo meeting booked', 'demo booked', 10, '["demo booked","demo meeting booked","booked demo","demo meeting","demo set"]', 'meeting', 0, 9),
  ('demo_self', 'Demo, self-led', 'demo self-led', 25, '["demo self-led","self-led demo","demo self","self demo","solo demo"]', 'demo', 0, 10),
  ('demo_mentor', 'Demo, mentor-led', 'demo mentor-led', 20, '["demo mentor-led","mentor-led demo","demo mentor","mentor demo"]', 'demo', 0, 11),
  ('closed_won', 'Closed-won deal', 'closed won', 25, '["closed won","closed-won","closed won deal","closed deal","deal won","won deal","won","closed"]', 'closed_won', 1, 12);
--> statement-breakpoint
INSERT INTO `settings` (`key`, `value`) VALUES ('weekly_goal', '500');
