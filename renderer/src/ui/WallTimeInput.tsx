/**
 * Date and date-time inputs in the app's language (shared/i18n/wall-input.ts says why not the
 * browser's datetime-local). The value in and out is the same wall-time string the zoned-time
 * helpers take ("yyyy-MM-ddTHH:mm", or "yyyy-MM-dd" for a date): what the user types is kept as
 * typed while it is being edited, handed on as a wall time once it reads as one (as typed
 * otherwise, for the form's schema to refuse next to the field), and shown in the language's
 * pattern when the field is left. Field's props (id, aria-*) pass through to the input.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';
import {
  formatWallDate, formatWallDateTime, parseWallDate, parseWallDateTime, WALL_PATTERN,
} from '../../../shared/i18n/wall-input.js';
import { useT } from '../app/i18n.store.js';

type Passed = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

function WallInput(props: Passed & {
  value: string; onChange(value: string): void; kind: 'date' | 'dateTime';
}) {
  const { lang } = useT();
  const { value, onChange, kind, ...rest } = props;
  const format = kind === 'date' ? formatWallDate : formatWallDateTime;
  const parse = kind === 'date' ? parseWallDate : parseWallDateTime;
  const [text, setText] = useState(() => format(value, lang));
  const [editing, setEditing] = useState(false);
  // A value set from outside (a reset, another language) shows in the pattern, unless the user is typing.
  useEffect(() => {
    if (!editing) setText(format(value, lang));
  }, [value, lang, editing, format]);
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={WALL_PATTERN[lang][kind]}
      value={text}
      size={kind === 'date' ? 11 : 17}
      onFocus={(e) => {
        setEditing(true);
        rest.onFocus?.(e);
      }}
      onBlur={(e) => {
        setEditing(false);
        rest.onBlur?.(e);
      }}
      onChange={(e) => {
        const typed = e.target.value;
        setText(typed);
        onChange(typed.trim() === '' ? '' : parse(typed, lang) ?? typed);
      }}
    />
  );
}

export function WallDateTimeInput(props: Passed & { value: string; onChange(value: string): void }) {
  return <WallInput {...props} kind="dateTime" />;
}

export function WallDateInput(props: Passed & { value: string; onChange(value: string): void }) {
  return <WallInput {...props} kind="date" />;
}
