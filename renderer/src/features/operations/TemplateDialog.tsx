/** Create an operation from a template: phases, tasks and checklists in the UI's language. */
import { useState } from 'react';
import { FromTemplateRequest } from '../../../../shared/api/operations.js';
import { HANDLING_CODES } from '../../../../shared/domain/enums.js';
import { OPERATION_TEMPLATES } from '../../../../shared/planning/templates.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { COMMON_TIME_ZONES } from './operation-form-model.js';
import { tomorrowAt, wallToIso } from '../../ui/zoned-time.js';
import { WallDateTimeInput } from '../../ui/WallTimeInput.js';

export function TemplateDialog(props: { onClose(): void; onCreated(operationId: string): void }) {
  const { t, td, lang } = useT();
  const { agencies } = useAgencies();
  const [templateId, setTemplateId] = useState(OPERATION_TEMPLATES[0]!.id);
  const [codeName, setCodeName] = useState('');
  const [timeZone, setTimeZone] = useState('Europe/Kyiv');
  const [startsWall, setStartsWall] = useState(() => tomorrowAt(8, 'Europe/Kyiv', new Date()));
  const [lead, setLead] = useState('');
  const [handlingCode, setHandlingCode] = useState<(typeof HANDLING_CODES)[number]>('H2');
  const form = useFormSubmit();
  const { errors, busy } = form;
  const tpl = OPERATION_TEMPLATES.find((x) => x.id === templateId)!;
  const taskCount = tpl.phases.reduce((n, p) => n + p.tasks.length, 0);

  const submit = () => {
    const input = {
      templateId, codeName, startsAt: wallToIso(startsWall, timeZone), timeZone,
      leadAgencyId: lead || null, handlingCode, lang,
    };
    return form.submit(FromTemplateRequest, input, async () => {
      const op = await api.operations.createFromTemplate(input);
      props.onCreated(op.id);
      props.onClose();
    });
  };

  return (
    <Dialog title={t('tpl.title')} onClose={props.onClose} onSubmit={submit} submitLabel={t('common.create')} busy={busy} testId="template-form"
      footerExtra={form.footer}>
      <p className="muted small">{t('tpl.hint')}</p>
      <div className="grid">
        <Field label={t('tpl.template')} error={errors.templateId} hint={t('tpl.phasesTasks', { phases: tpl.phases.length, tasks: taskCount })}>
          <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} name="templateId">
            {OPERATION_TEMPLATES.map((x) => <option key={x.id} value={x.id}>{lang === 'uk' ? x.name[0] : x.name[1]}</option>)}
          </select>
        </Field>
        <Field label={t('op.codeName')} error={errors.codeName}>
          <input value={codeName} onChange={(e) => setCodeName(e.target.value)} data-autofocus name="codeName" />
        </Field>
        <Field label={t('op.startsAt')} error={errors.startsAt}>
          <WallDateTimeInput value={startsWall} onChange={(v) => setStartsWall(v)} name="startsAt" />
        </Field>
        <Field label={t('op.timeZone')} error={errors.timeZone}>
          <input list="tpl-tz-list" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} name="timeZone" />
        </Field>
        <datalist id="tpl-tz-list">{COMMON_TIME_ZONES.map((z) => <option key={z} value={z} />)}</datalist>
        <Field label={t('op.leadAgency')} error={errors.leadAgencyId}>
          <select value={lead} onChange={(e) => setLead(e.target.value)} name="leadAgencyId">
            <option value="">{t('tpl.templateLead', { code: agencyShortName(agencies.find((a) => a.id === tpl.leadAgency), lang) })}</option>
            {agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
          </select>
        </Field>
        <Field label={t('op.handlingCode')} error={errors.handlingCode}>
          <select value={handlingCode} onChange={(e) => setHandlingCode(e.target.value as typeof handlingCode)} name="handlingCode">
            {HANDLING_CODES.map((c) => <option key={c} value={c}>{td(`handling.${c}`)}</option>)}
          </select>
        </Field>
      </div>
    </Dialog>
  );
}
