-- Reserved for briefing-pack exports log (issue 6); its owner replaces this with the real schema.
SELECT 1;
