-- Reserved for scheduling and deconfliction (issue 4); its owner replaces this with the real schema.
SELECT 1;
