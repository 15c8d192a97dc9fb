/**
 * zod compiles object parsers with `new Function` where eval is allowed, and probes for it the
 * first time an object schema parses; under the page's CSP (no 'unsafe-eval') the probe is
 * refused and reported as a securitypolicyviolation on every load. Jitless mode skips the probe
 * (parsing is the same). Imported first by main.tsx, before any module that parses at load.
 */
import { z } from 'zod';

z.config({ jitless: true });
