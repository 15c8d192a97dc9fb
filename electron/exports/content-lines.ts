/**
 * Content lines shared by iCalendar (RFC 5545 §3.1, §3.3.11) and vCard 4.0 (RFC 6350 §3.2,
 * §3.4): TEXT escaping and folding at 75 octets. Folding counts UTF-8 bytes and never splits a
 * character — Ukrainian text is two bytes a letter, and a fold inside one corrupts the name in
 * every strict client.
 */
import { withoutForbiddenChars } from '../../shared/domain/bounds.js';

const FOLD_OCTETS = 75;

/**
 * Escapes a TEXT value: backslash, semicolon, comma, and newlines as `\n`. Control characters
 * (RFC 5545 §3.1 allows none but tab in a value, RFC 6350 likewise) and the bidirectional and
 * line-separator characters of the text policy (shared/domain/bounds.ts) are dropped, never
 * written raw: text from before the policy, or from an older peer, may still hold them.
 */
export function escapeText(value: string): string {
  return withoutForbiddenChars(value, true)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits one logical line into physical lines of at most 75 octets (continuations start with a space). */
export function foldLine(line: string): string[] {
  if (line.length <= FOLD_OCTETS / 4 || Buffer.byteLength(line, 'utf8') <= FOLD_OCTETS) return [line];
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const code = ch.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > FOLD_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out;
}

/** Joins logical lines into a document: folded, CRLF-terminated. */
export function contentDocument(lines: readonly string[]): string {
  return lines.flatMap(foldLine).map((l) => `${l}\r\n`).join('');
}
