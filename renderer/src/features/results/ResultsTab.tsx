/**
 * «Результати» / "Results": what the operation moved and achieved — consignments, seizures,
 * evidence with its chain of custody (gaps and seal problems shown as warnings, the core's rule in
 * shared/results/custody.ts), detentions, customs-rule violation protocols, proceedings opened
 * from it, the outcome and lessons, and the same subjects in other operations. Results and
 * lessons may still be added once the operation is completed; consignments may not.
 */
import { useState, type ReactNode } from 'react';
import { DETENTION_BASES, SEIZURE_CATEGORIES, OUTCOMES } from '../../../../shared/domain/results.js';
import { formatHsCode } from '../../../../shared/domain/identifiers.js';
import { personLatinName } from '../../../../shared/domain/subject.js';
import { formatWallDateTime } from '../../../../shared/i18n/wall-input.js';
import { api } from '../../api/client.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { ErrorState } from '../../ui/AsyncView.js';
import { Field } from '../../ui/Field.js';
import type { FieldErrors } from '../../ui/form-errors.js';
import { isoToWallOrEmpty, wallToIsoOrNull } from '../../ui/zoned-time.js';
import { WallDateInput, WallDateTimeInput } from '../../ui/WallTimeInput.js';
import { agencyName } from '../directory/agencies.js';
import { AddForm } from '../legal/LegalTab.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';

type Values = Record<string, string>;
type Set = (k: string, value: string) => void;

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? 0 : Number(s.replace(',', '.').replace(/\s/g, '')));

export function ResultsTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const { t, td, lang } = useT();
  const results = useApiState('results', 'get', { operationId });
  const chains = useApiState('results', 'getCustodyChains', { operationId });
  const links = useApiState('results', 'listLinks', { operationId });
  const legal = useApiState('legal', 'get', { operationId });
  const [lessons, setLessons] = useState<string | null>(null);
  const op = plan.operation;
  const zone = op.timeZone;
  const completed = op.status === 'completed';
  const refresh = () => void Promise.all([results.reload(), chains.reload(), links.reload(), legal.reload(), reload()]);
  const name = (id: string | null) => (id ? agencyName(agencies.find((a) => a.id === id), lang) : '—');
  const when = (iso: string | null) => (iso ? formatWallDateTime(isoToWallOrEmpty(iso, zone), lang) : '—');
  const taking = [op.leadAgencyId, ...op.participatingAgencyIds];
  const agencyOptions = taking.map((a) => <option key={a} value={a}>{name(a)}</option>);
  const r = results.state.data;
  // Every register this tab draws must be in before it draws: a proceeding list still loading
  // would otherwise read «no records» for a moment, which is a false statement, not a pause.
  const failed = [results, chains, links, legal].find((q) => q.state.status === 'error');
  if (failed?.state.status === 'error') return <ErrorState error={failed.state.error} onRetry={refresh} />;
  if (!r || !legal.state.data || !chains.state.data || !links.state.data) return <p>{t('common.loading')}</p>;

  const text = (k: string, label: string, v: Values, set: Set, errors: FieldErrors) => (
    <Field label={label} error={errors[k]}><input name={k} value={v[k] ?? ''} onChange={(e) => set(k, e.target.value)} /></Field>
  );
  const instant = (k: string, label: string, v: Values, set: Set, errors: FieldErrors) => (
    <Field label={label} error={errors[k]}><WallDateTimeInput name={k} value={v[k] ?? ''} onChange={(value) => set(k, value)} /></Field>
  );
  const agencySelect = (k: string, label: string, v: Values, set: Set, errors: FieldErrors) => (
    <Field label={label} error={errors[k]}><select name={k} value={v[k] ?? op.leadAgencyId} onChange={(e) => set(k, e.target.value)}>{agencyOptions}</select></Field>
  );
  const iso = (v: Values, k: string) => wallToIsoOrNull(v[k] ?? '', zone) ?? '';
  const table = (head: string[], rows: ReactNode[][], testId: string) => rows.length === 0 ? <p className="muted">{t('res.none')}</p> : (
    <table className="data" data-testid={testId}>
      <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
      <tbody>{rows.map((row, i) => <tr key={i}>{row.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
    </table>
  );
  const money = (value: number, currency: string) => (value > 0 ? `${value.toLocaleString(lang === 'uk' ? 'uk-UA' : 'en-GB')} ${currency}` : '—');
  const opened = legal.state.data.proceedings.filter((p) => p.result !== '');

  return (
    <div className="results-tab" data-testid="results-tab">
      {completed ? <p className="alert info" role="note">{t('res.completedNote')}</p> : null}

      <section>
        <h3>{t('res.consignments')}</h3>
        {table([t('res.commodity'), t('res.hsCode'), t('res.quantity'), t('res.declaredValue'), t('res.declarationNumber'), t('res.transport'), t('res.seals')],
          r.consignments.map((c) => [
            c.commodity, c.hsCode ? formatHsCode(c.hsCode) : '—', c.quantity ? `${c.quantity} ${c.quantityUnit}` : '—', money(c.declaredValue, c.currency),
            [c.declarationNumber, c.mrn, c.cmrNumber ? `CMR ${c.cmrNumber}` : ''].filter(Boolean).join(' · ') || '—',
            [c.truckPlate, c.trailerPlate, c.containerNumber, c.wagonNumber, c.vesselImo ? `IMO ${c.vesselImo}` : ''].filter(Boolean).join(' · ') || '—',
            c.seals.join(', ') || '—',
          ]), 'consignments')}
        {completed ? null : (
          <AddForm title={`+ ${t('res.consignments')}`} testId="add-consignment" initial={{ currency: 'UAH' }} onSaved={refresh}
            save={(v) => api.results.addConsignment({
              operationId, commodity: v.commodity ?? '', hsCode: v.hsCode ?? '', quantity: num(v.quantity), quantityUnit: v.quantityUnit ?? '',
              declaredValue: num(v.declaredValue), currency: (v.currency ?? 'UAH').toUpperCase(), declarationNumber: v.declarationNumber ?? '',
              mrn: v.mrn ?? '', cmrNumber: v.cmrNumber ?? '', invoiceNumber: v.invoiceNumber ?? '',
              seals: (v.seals ?? '').split(',').map((s) => s.trim()).filter(Boolean), truckPlate: v.truckPlate ?? '', trailerPlate: v.trailerPlate ?? '',
              containerNumber: v.containerNumber ?? '', wagonNumber: v.wagonNumber ?? '', vesselImo: v.vesselImo ?? '', consignee: v.consignee ?? '',
            })}
            fields={(v, set, e) => (<>
              {text('commodity', t('res.commodity'), v, set, e)}{text('hsCode', t('res.hsCode'), v, set, e)}
              {text('quantity', t('res.quantity'), v, set, e)}{text('quantityUnit', t('res.unit'), v, set, e)}
              {text('declaredValue', t('res.declaredValue'), v, set, e)}{text('currency', t('res.currency'), v, set, e)}
              {text('declarationNumber', t('res.declarationNumber'), v, set, e)}{text('mrn', t('res.mrn'), v, set, e)}
              {text('cmrNumber', t('res.cmr'), v, set, e)}{text('invoiceNumber', t('res.invoice'), v, set, e)}
              {text('seals', t('res.seals'), v, set, e)}{text('consignee', t('res.consignee'), v, set, e)}
              {text('truckPlate', t('res.truck'), v, set, e)}{text('trailerPlate', t('res.trailer'), v, set, e)}
              {text('containerNumber', t('res.container'), v, set, e)}{text('wagonNumber', t('res.wagon'), v, set, e)}
              {text('vesselImo', t('res.vesselImo'), v, set, e)}
            </>)} />
        )}
      </section>

      <section>
        <h3>{t('res.seizures')}</h3>
        {table([t('res.category'), t('res.description'), t('res.quantity'), t('res.hsCode'), t('res.value'), t('res.seizedAt'), t('res.seizedBy'), t('res.storage')],
          r.seizures.map((s) => [td(`res.cat.${s.category}`), s.description, s.quantity ? `${s.quantity} ${s.quantityUnit}` : '—', s.hsCode ? formatHsCode(s.hsCode) : '—',
            money(s.estimatedValue, s.currency), when(s.seizedAt), name(s.seizedByAgencyId), s.storagePlace || '—']), 'seizures')}
        <AddForm title={`+ ${t('res.seizures')}`} testId="add-seizure" initial={{ category: 'goods', currency: 'UAH', seizedByAgencyId: op.leadAgencyId }} onSaved={refresh}
          save={(v) => api.results.addSeizure({
            operationId, category: (v.category ?? 'goods') as (typeof SEIZURE_CATEGORIES)[number], description: v.description ?? '',
            quantity: num(v.quantity), quantityUnit: v.quantityUnit ?? '', hsCode: v.hsCode ?? '', estimatedValue: num(v.estimatedValue),
            currency: (v.currency ?? 'UAH').toUpperCase(), seizedAt: iso(v, 'seizedAt'), seizedByAgencyId: v.seizedByAgencyId ?? op.leadAgencyId,
            storagePlace: v.storagePlace ?? '',
          })}
          fields={(v, set, e) => (<>
            <Field label={t('res.category')}><select name="category" value={v.category} onChange={(ev) => set('category', ev.target.value)}>
              {SEIZURE_CATEGORIES.map((c) => <option key={c} value={c}>{td(`res.cat.${c}`)}</option>)}</select></Field>
            {text('description', t('res.description'), v, set, e)}{text('quantity', t('res.quantity'), v, set, e)}{text('quantityUnit', t('res.unit'), v, set, e)}
            {text('hsCode', t('res.hsCode'), v, set, e)}{text('estimatedValue', t('res.value'), v, set, e)}{text('currency', t('res.currency'), v, set, e)}
            {instant('seizedAt', t('res.seizedAt'), v, set, e)}{agencySelect('seizedByAgencyId', t('res.seizedBy'), v, set, e)}{text('storagePlace', t('res.storage'), v, set, e)}
          </>)} />
      </section>

      <section>
        <h3>{t('res.evidence')}</h3>
        {r.evidence.length === 0 ? <p className="muted">{t('res.none')}</p> : r.evidence.map((item) => {
          const chain = chains.state.data?.find((c) => c.evidenceId === item.id);
          return (
            <div key={item.id} className="evidence-item" data-testid="evidence-item">
              <p><strong>{item.number ? `№ ${item.number}. ` : ''}{item.description}</strong> — {item.packaging} {item.sealNumber ? `(${t('res.seal')}: ${item.sealNumber})` : ''};
                {' '}{t('res.packedBy')}: {item.packedBy}, {when(item.packedAt)}. {chain ? <>{t('res.holder')}: <strong>{chain.holder}</strong>{chain.seal ? `, ${chain.seal}` : ''}</> : null}</p>
              {chain && chain.steps.length > 0 ? table([t('res.at'), t('res.from'), t('res.to'), t('res.place'), t('res.sealFound'), t('res.purpose'), t('res.recordedBy')],
                chain.steps.map((s) => [when(s.at), s.fromPerson, `${s.toPerson} (${name(s.toAgencyId)})`, s.place || '—',
                  `${s.sealNumber || '—'}${s.sealIntact ? '' : ' ✗'}${s.resealedAs ? ` → ${s.resealedAs}` : ''}`, s.purpose || '—', `${s.recordedBy}, ${when(s.recordedAt)}`]), 'custody') : null}
              {chain?.warnings.map((w) => <p key={`${w.transferId}-${w.kind}`} className="alert warn" role="alert">{td(`res.warn.${w.kind}`, { expected: w.kind === 'out_of_order' ? when(w.expected) : w.expected, found: w.found })}</p>)}
              <AddForm title={t('res.handOver')} testId="add-custody" initial={{ fromPerson: chain?.holder ?? item.packedBy, toAgencyId: op.leadAgencyId, sealNumber: chain?.seal ?? item.sealNumber, sealIntact: 'yes' }} onSaved={refresh}
                save={(v) => api.results.recordCustody({
                  operationId, evidenceId: item.id, fromPerson: v.fromPerson ?? '', toPerson: v.toPerson ?? '', toAgencyId: v.toAgencyId ?? op.leadAgencyId,
                  at: iso(v, 'at'), place: v.place ?? '', sealNumber: v.sealNumber ?? '', sealIntact: v.sealIntact !== 'no', resealedAs: v.resealedAs ?? '', purpose: v.purpose ?? '',
                })}
                fields={(v, set, e) => (<>
                  {text('fromPerson', t('res.from'), v, set, e)}{text('toPerson', t('res.to'), v, set, e)}{agencySelect('toAgencyId', t('res.agency'), v, set, e)}
                  {instant('at', t('res.at'), v, set, e)}{text('place', t('res.place'), v, set, e)}{text('sealNumber', t('res.sealFound'), v, set, e)}
                  <Field label={t('res.sealIntact')}><select name="sealIntact" value={v.sealIntact} onChange={(ev) => set('sealIntact', ev.target.value)}>
                    <option value="yes">✓</option><option value="no">✗</option></select></Field>
                  {text('resealedAs', t('res.resealedAs'), v, set, e)}{text('purpose', t('res.purpose'), v, set, e)}
                </>)} />
            </div>
          );
        })}
        <AddForm title={`+ ${t('res.evidence')}`} testId="add-evidence" initial={{ packedByAgencyId: op.leadAgencyId, seizureId: r.seizures[0]?.id ?? '' }} onSaved={refresh}
          save={(v) => api.results.addEvidence({
            operationId, seizureId: v.seizureId ? v.seizureId : null, number: v.number ?? '', description: v.description ?? '', packaging: v.packaging ?? '',
            sealNumber: v.sealNumber ?? '', packedAt: iso(v, 'packedAt'), packedBy: v.packedBy ?? '', packedByAgencyId: v.packedByAgencyId ?? op.leadAgencyId,
          })}
          fields={(v, set, e) => (<>
            <Field label={t('res.seizures')}><select name="seizureId" value={v.seizureId} onChange={(ev) => set('seizureId', ev.target.value)}>
              <option value="">—</option>{r.seizures.map((s) => <option key={s.id} value={s.id}>{s.description}</option>)}</select></Field>
            {text('number', t('res.number'), v, set, e)}{text('description', t('res.description'), v, set, e)}{text('packaging', t('res.packaging'), v, set, e)}
            {text('sealNumber', t('res.seal'), v, set, e)}{instant('packedAt', t('res.packedAt'), v, set, e)}{text('packedBy', t('res.packedBy'), v, set, e)}
            {agencySelect('packedByAgencyId', t('res.agency'), v, set, e)}
          </>)} />
      </section>

      <section>
        <h3>{t('res.detentions')}</h3>
        {table([t('res.fullName'), t('res.citizenship'), t('res.passport'), t('res.detainedAt'), t('res.detainedBy'), t('res.place'), t('res.takenTo'), t('res.basis')],
          r.detentions.map((d) => [<>{d.fullName}{personLatinName(d) !== d.fullName ? <div className="small">{personLatinName(d)}</div> : null}</>, d.citizenship || '—', d.passport || '—',
            when(d.detainedAt), `${d.detainedBy} (${name(d.detainedByAgencyId)})`, d.place || '—', d.takenTo || '—', td(`res.basis.${d.basis}`)]), 'detentions')}
        <AddForm title={`+ ${t('res.detentions')}`} testId="add-detention" initial={{ basis: 'kpk_208', detainedByAgencyId: op.leadAgencyId }} onSaved={refresh}
          save={(v) => api.results.addDetention({
            operationId, basis: (v.basis ?? 'kpk_208') as (typeof DETENTION_BASES)[number], fullName: v.fullName ?? '', nameLatin: v.nameLatin ?? '',
            dateOfBirth: v.dateOfBirth ?? '', citizenship: (v.citizenship ?? '').trim().toUpperCase(), passport: v.passport ?? '',
            detainedAt: iso(v, 'detainedAt'), detainedBy: v.detainedBy ?? '', detainedByAgencyId: v.detainedByAgencyId ?? op.leadAgencyId,
            place: v.place ?? '', takenTo: v.takenTo ?? '',
          })}
          fields={(v, set, e) => (<>
            <Field label={t('res.basis')}><select name="basis" value={v.basis} onChange={(ev) => set('basis', ev.target.value)}>
              {DETENTION_BASES.map((b) => <option key={b} value={b}>{td(`res.basis.${b}`)}</option>)}</select></Field>
            {text('fullName', t('res.fullName'), v, set, e)}{text('nameLatin', t('res.nameLatin'), v, set, e)}
            <Field label={t('res.dateOfBirth')} error={e.dateOfBirth}><WallDateInput name="dateOfBirth" value={v.dateOfBirth ?? ''} onChange={(value) => set('dateOfBirth', value)} /></Field>
            {text('citizenship', t('res.citizenship'), v, set, e)}{text('passport', t('res.passport'), v, set, e)}
            {instant('detainedAt', t('res.detainedAt'), v, set, e)}{text('detainedBy', t('res.detainedBy'), v, set, e)}{agencySelect('detainedByAgencyId', t('res.agency'), v, set, e)}
            {text('place', t('res.place'), v, set, e)}{text('takenTo', t('res.takenTo'), v, set, e)}
          </>)} />
      </section>

      <section>
        <h3>{t('res.protocols')}</h3>
        {table([t('res.number'), t('res.drawnOn'), t('res.drawnBy'), t('res.article'), t('res.offender')],
          r.protocols.map((p) => [p.number, p.drawnOn, `${p.drawnBy || ''} (${name(p.drawnByAgencyId)})`, p.article || '—', p.offender || '—']), 'protocols')}
        <AddForm title={`+ ${t('res.protocols')}`} testId="add-protocol" initial={{ drawnByAgencyId: taking.includes('DMS') ? 'DMS' : op.leadAgencyId, article: 'ст. 483 МК України' }} onSaved={refresh}
          save={(v) => api.results.addProtocol({
            operationId, number: v.number ?? '', drawnOn: v.drawnOn ?? '', drawnBy: v.drawnBy ?? '', drawnByAgencyId: v.drawnByAgencyId ?? op.leadAgencyId,
            article: v.article ?? '', offender: v.offender ?? '',
          })}
          fields={(v, set, e) => (<>
            {text('number', t('res.number'), v, set, e)}
            <Field label={t('res.drawnOn')} error={e.drawnOn}><WallDateInput name="drawnOn" value={v.drawnOn ?? ''} onChange={(value) => set('drawnOn', value)} /></Field>
            {text('drawnBy', t('res.drawnBy'), v, set, e)}{agencySelect('drawnByAgencyId', t('res.agency'), v, set, e)}
            {text('article', t('res.article'), v, set, e)}{text('offender', t('res.offender'), v, set, e)}
          </>)} />
      </section>

      <section>
        <h3>{t('res.proceedings')}</h3>
        {table(['ЄРДР', t('res.drawnOn'), '', ''], opened.map((p) => [p.erdrNumber, p.registeredOn, p.qualification, td(`res.result.${p.result}`)]), 'proceedings-opened')}
      </section>

      <section>
        <h3>{t('res.outcome')}</h3>
        {r.outcome?.completionReason ? <p><strong>{t('res.completionReason')}:</strong> {r.outcome.completionReason}</p> : null}
        <Field label={t('res.outcomeLabel')}>
          <select name="outcome" value={r.outcome?.outcome ?? ''} onChange={(e) => void api.results.setOutcome({ operationId, outcome: e.target.value as (typeof OUTCOMES)[number] }).then(refresh)}>
            {OUTCOMES.map((o) => <option key={o} value={o}>{td(`res.outcome.${o}`)}</option>)}
          </select>
        </Field>
        <Field label={t('res.lessons')} wide>
          <textarea name="lessons" rows={4} value={lessons ?? r.outcome?.lessons ?? ''} onChange={(e) => setLessons(e.target.value)} />
        </Field>
        {lessons !== null ? <button type="button" className="primary" onClick={() => void api.results.setOutcome({ operationId, lessons }).then(() => { setLessons(null); refresh(); })}>{t('res.save')}</button> : null}
      </section>

      <section>
        <h3>{t('res.links')}</h3>
        {table([t('res.category'), '', ''], (links.state.data ?? []).map((l) => [td(`res.link.kind.${l.kind}`), l.value,
          <>{l.operations.map((o, i) => <span key={o.id}>{i > 0 ? ', ' : ''}<a href={`#/operations/${o.id}`}>{o.codeName}</a> ({td(`status.${o.status}`)})</span>)}</>]), 'links')}
      </section>
    </div>
  );
}
