/**
 * The operation form's order paragraphs: command and coordinating instructions, sustainment,
 * the document's marking and distribution list, and — on the lead agency's units only — the
 * need-to-know details no other agency receives (shared/visibility/rule.ts LEAD_ONLY_FIELDS).
 */
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n.store.js';
import { Field } from '../../ui/Field.js';
import type { OperationFormModel, OrderTextField } from './operation-form-model.js';

function updateAt<T>(list: T[], i: number, patch: Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch } : x));
}

export function OrderSections(props: {
  m: OperationFormModel;
  set(patch: Partial<OperationFormModel>): void;
  err(path: string): string | undefined;
  agencyOptions: ReactNode;
  /** This unit's agency leads the operation: it alone holds the need-to-know fields. */
  holdsRestricted: boolean;
}) {
  const { t } = useT();
  const { m, set, err } = props;
  const line = (f: OrderTextField) => (
    <Field key={f} label={t(`op.${f}`)} error={err(f)}>
      <input value={m[f]} onChange={(e) => set({ [f]: e.target.value })} name={f} />
    </Field>
  );
  const area = (f: OrderTextField, rows = 2) => (
    <Field key={f} label={t(`op.${f}`)} error={err(f)} wide>
      <textarea rows={rows} value={m[f]} onChange={(e) => set({ [f]: e.target.value })} name={f} />
    </Field>
  );
  return (
    <>
      <fieldset data-testid="order-command">
        <legend>{t('opf.section.command')}</legend>
        <div className="grid">
          {line('commandHead')}
          {line('commandDeputy')}
          {area('commandSuccession')}
          {(['goNoGoCriteria', 'abortCriteria', 'onCompromise', 'onLostContact', 'useOfForce', 'reportingSchedule', 'evidenceHandling', 'pressLine'] as const).map((f) => area(f))}
        </div>
        <div className="group-label">{t('op.codeWords')}</div>
        {m.codeWords.map((w, i) => (
          <div className="list-row" key={i}>
            <Field label={t('codeWord.word')} error={err(`codeWords.${i}.word`)}>
              <input value={w.word} onChange={(e) => set({ codeWords: updateAt(m.codeWords, i, { word: e.target.value }) })} />
            </Field>
            <Field label={t('codeWord.meaning')} error={err(`codeWords.${i}.meaning`)}>
              <input value={w.meaning} onChange={(e) => set({ codeWords: updateAt(m.codeWords, i, { meaning: e.target.value }) })} />
            </Field>
            <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ codeWords: m.codeWords.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ codeWords: [...m.codeWords, { word: '', meaning: '' }] })}>+ {t('codeWord.add')}</button>
      </fieldset>

      <fieldset data-testid="order-sustainment">
        <legend>{t('opf.section.sustainment')}</legend>
        <div className="grid">
          {(['medical', 'detaineeTransport', 'evidenceStorage', 'interpreters'] as const).map((f) => area(f))}
        </div>
      </fieldset>

      <fieldset data-testid="order-marking">
        <legend>{t('opf.section.marking')}</legend>
        <div className="grid">
          {line('registrationNumber')}
          {line('restrictedListItem')}
          {line('approverPosition')}
          {line('approverName')}
        </div>
        <div className="group-label">{t('op.distribution')}</div>
        <div className="hint">{t('op.distributionHint')}</div>
        {m.distribution.map((d, i) => (
          <div className="list-row" key={i}>
            <span className="muted">{t('distribution.copy', { n: i + 1 })}</span>
            <Field label={t('distribution.agency')} error={err(`distribution.${i}.agencyId`)}>
              <select value={d.agencyId} onChange={(e) => set({ distribution: updateAt(m.distribution, i, { agencyId: e.target.value }) })}>
                <option value="">{t('distribution.file')}</option>
                {props.agencyOptions}
              </select>
            </Field>
            <Field label={t('distribution.addressee')} error={err(`distribution.${i}.addressee`)}>
              <input value={d.addressee} onChange={(e) => set({ distribution: updateAt(m.distribution, i, { addressee: e.target.value }) })} />
            </Field>
            <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ distribution: m.distribution.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ distribution: [...m.distribution, { agencyId: '', addressee: '' }] })}>+ {t('distribution.add')}</button>
      </fieldset>

      {props.holdsRestricted ? (
        <fieldset data-testid="order-restricted">
          <legend>{t('opf.section.restricted')}</legend>
          <div className="hint">{t('opf.restrictedHint')}</div>
          <div className="grid">
            {area('restrictedSources', 3)}
            {area('restrictedDetails', 4)}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}
