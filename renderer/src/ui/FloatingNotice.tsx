/**
 * A notice shown where the user is looking: beside the thing they just dragged or moved (its
 * screen rectangle), kept inside the window, instead of at the top of a page they may have
 * scrolled away from. Errors are alerts (read out at once), confirmations are status messages.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../app/i18n.store.js';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
  /** The screen rectangle of what the notice is about; none: the bottom of the window. */
  anchor?: { left: number; top: number; bottom: number } | undefined;
}

/** The rectangle of an element, as a notice anchor. */
export function anchorOf(el: Element | null | undefined): Notice['anchor'] {
  if (!el) return undefined;
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, bottom: r.bottom };
}

export function FloatingNotice(props: { notice: Notice | null; onClose(): void; testId?: string }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const n = props.notice;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!n || !el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    if (!n.anchor) {
      setPos({ left: Math.max(8, (vw - w) / 2), top: vh - h - 48 });
      return;
    }
    // Below the thing when there is room, above it otherwise; never off screen.
    const below = n.anchor.bottom + 8;
    const top = below + h <= vh - 8 ? below : Math.max(8, n.anchor.top - h - 8);
    setPos({ left: Math.min(Math.max(8, n.anchor.left), vw - w - 8), top });
  }, [n]);
  if (!n) return null;
  return (
    <div ref={ref} className={`floating-notice notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}
      style={pos ? { left: pos.left, top: pos.top } : { visibility: 'hidden', left: 0, top: 0 }} data-testid={props.testId}>
      <span>{n.text}</span>
      <button type="button" className="link" onClick={props.onClose} aria-label={t('common.close')}>×</button>
    </div>
  );
}
