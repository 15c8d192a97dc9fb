-- Reserved for sync bundles and peers (issue 5); its owner replaces this with the real schema.
SELECT 1;
