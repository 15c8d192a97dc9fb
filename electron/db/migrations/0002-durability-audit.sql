-- Reserved for durability and audit (issue 8); its owner replaces this with the real schema.
SELECT 1;
