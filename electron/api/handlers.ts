/**
 * The service registry: every method of the API contract bound to its service function. The
 * type `ApiHandlers` makes a missing or mistyped method a compile error. Transports (IPC,
 * HTTP) and tests call through `dispatch`, never through this table directly.
 */
import type { ApiHandlers } from '../../shared/api/index.js';
import type { ServiceContext } from '../services/context.js';
import * as audit from '../services/audit.js';
import { loadDemo } from '../services/demo.js';
import * as durability from '../services/durability.js';
import * as atRest from '../security/at-rest.js';
import * as conflicts from '../services/conflicts.js';
import * as directory from '../services/directory.js';
import * as exchange from '../services/exchange.js';
import * as exportsService from '../services/exports.js';
import * as geo from '../services/geo.js';
import * as legal from '../services/legal.js';
import * as operations from '../services/operations.js';
import * as system from '../services/system.js';
import * as report from '../services/report.js';
import * as setup from '../services/setup.js';
import * as stats from '../services/stats.js';
import * as results from '../services/results.js';
import * as execution from '../services/execution.js';
import * as fileApi from '../sync/file-api.js';
import * as watchService from '../sync/watch-service.js';
import * as syncIdentity from '../sync/identity.js';
import * as sync from '../sync/service.js';
import * as tasks from '../services/tasks.js';
import { createOperationFromTemplate } from '../services/templates.js';

export const handlers: ApiHandlers<ServiceContext> = {
  results: {
    get: (ctx, { operationId }) => results.getResults(ctx, operationId),
    getCustodyChains: (ctx, { operationId }) => results.getCustodyChains(ctx, operationId),
    listLinks: (ctx, { operationId }) => results.getLinks(ctx, operationId),
    addConsignment: (ctx, d) => results.addConsignment(ctx, d),
    updateConsignment: (ctx, { id, patch }) => results.updateConsignment(ctx, id, patch),
    removeConsignment: (ctx, { id }) => results.removeConsignment(ctx, id),
    addSeizure: (ctx, d) => results.addSeizure(ctx, d),
    updateSeizure: (ctx, { id, patch }) => results.updateSeizure(ctx, id, patch),
    removeSeizure: (ctx, { id }) => results.removeSeizure(ctx, id),
    addEvidence: (ctx, d) => results.addEvidence(ctx, d),
    updateEvidence: (ctx, { id, patch }) => results.updateEvidence(ctx, id, patch),
    removeEvidence: (ctx, { id }) => results.removeEvidence(ctx, id),
    recordCustody: (ctx, d) => results.recordCustody(ctx, d),
    addDetention: (ctx, d) => results.addDetention(ctx, d),
    updateDetention: (ctx, { id, patch }) => results.updateDetention(ctx, id, patch),
    removeDetention: (ctx, { id }) => results.removeDetention(ctx, id),
    addProtocol: (ctx, d) => results.addProtocol(ctx, d),
    updateProtocol: (ctx, { id, patch }) => results.updateProtocol(ctx, id, patch),
    removeProtocol: (ctx, { id }) => results.removeProtocol(ctx, id),
    setOutcome: (ctx, p) => results.setOutcome(ctx, p),
  },
  execution: {
    get: (ctx, { operationId }) => execution.getExecution(ctx, operationId),
    recordStart: (ctx, r) => execution.recordActual(ctx, 'start', r),
    recordFinish: (ctx, r) => execution.recordActual(ctx, 'finish', r),
    setTaskStatus: (ctx, r) => execution.setFieldStatus(ctx, r),
    addLogEntry: (ctx, d) => execution.addActivity(ctx, d),
  },
  stats: {
    getStatistics: (ctx, req) => stats.getStatistics(ctx, req),
  },
  legal: {
    get: (ctx, { operationId }) => legal.getLegalSpine(ctx, operationId),
    addProceeding: (ctx, d) => legal.addProceeding(ctx, d),
    updateProceeding: (ctx, { id, patch }) => legal.updateProceeding(ctx, id, patch),
    removeProceeding: (ctx, { id }) => legal.removeProceeding(ctx, id),
    addRole: (ctx, d) => legal.addRole(ctx, d),
    updateRole: (ctx, { id, patch }) => legal.updateRole(ctx, id, patch),
    removeRole: (ctx, { id }) => legal.removeRole(ctx, id),
    addDecision: (ctx, d) => legal.addDecision(ctx, d),
    updateDecision: (ctx, { id, patch }) => legal.updateDecision(ctx, id, patch),
    removeDecision: (ctx, { id }) => legal.removeDecision(ctx, id),
    agree: (ctx, req) => legal.agree(ctx, req),
    withdrawAgreement: (ctx, { id }) => legal.withdrawAgreement(ctx, id),
    addInternational: (ctx, d) => legal.addInternational(ctx, d),
    updateInternational: (ctx, { id, patch }) => legal.updateInternational(ctx, id, patch),
    removeInternational: (ctx, { id }) => legal.removeInternational(ctx, id),
    getSettings: (ctx) => legal.getLegalSettings(ctx),
    setSettings: (ctx, s) => legal.setLegalSettings(ctx, s),
  },
  operations: {
    list: (ctx, q) => operations.listOperations(ctx, q),
    get: (ctx, { id }) => operations.getOperationById(ctx, id),
    getPlan: (ctx, { id }) => operations.getOperationPlan(ctx, id),
    create: (ctx, draft) => operations.createOperation(ctx, draft),
    update: (ctx, { id, patch }) => operations.updateOperation(ctx, id, patch),
    changeStatus: (ctx, input) => operations.changeOperationStatus(ctx, input),
    duplicate: (ctx, input) => operations.duplicateOperation(ctx, input),
    createFromTemplate: (ctx, input) => createOperationFromTemplate(ctx, input),
    remove: (ctx, { id }) => operations.removeOperation(ctx, id),
    addPhase: (ctx, input) => operations.addPhase(ctx, input),
    updatePhase: (ctx, input) => operations.updatePhase(ctx, input),
    removePhase: (ctx, { id }) => operations.removePhase(ctx, id),
  },
  tasks: {
    listByOperation: (ctx, { operationId }) => tasks.listTasksForOperation(ctx, operationId),
    listInRange: (ctx, q) => tasks.listTasksForRange(ctx, q),
    get: (ctx, { id }) => tasks.requireTask(ctx, id),
    create: (ctx, draft) => tasks.createTask(ctx, draft),
    update: (ctx, input) => tasks.updateTask(ctx, input),
    remove: (ctx, { id }) => tasks.removeTask(ctx, id),
    bulkReassign: (ctx, input) => tasks.bulkReassignTasks(ctx, input),
    bulkShift: (ctx, input) => tasks.bulkShiftTasks(ctx, input),
  },
  directory: {
    listAgencies: (ctx) => directory.listAgencies(ctx.db),
    createAgency: (ctx, draft) => directory.createAgency(ctx, draft),
    setAgencyPowers: (ctx, { agencyId, powers }) => directory.setAgencyPowers(ctx, agencyId, powers),
    listUnits: (ctx, { agencyId }) => directory.listUnits(ctx.db, agencyId),
    createUnit: (ctx, d) => directory.createUnit(ctx, d),
    updateUnit: (ctx, u) => directory.updateUnit(ctx, u),
    removeUnit: (ctx, { id }) => directory.removeUnit(ctx, id),
    listPeople: (ctx, { agencyId }) => directory.listPeople(ctx.db, agencyId),
    createPerson: (ctx, d) => directory.createPerson(ctx, d),
    updatePerson: (ctx, p) => directory.updatePerson(ctx, p),
    removePerson: (ctx, { id }) => directory.removePerson(ctx, id),
    listResources: (ctx, { agencyId }) => directory.listResources(ctx.db, agencyId),
    createResource: (ctx, d) => directory.createResource(ctx, d),
    updateResource: (ctx, r) => directory.updateResource(ctx, r),
    removeResource: (ctx, { id }) => directory.removeResource(ctx, id),
    importPeople: (ctx, { people }) => directory.createPeopleBatch(ctx, people),
    importResources: (ctx, { resources }) => directory.createResourcesBatch(ctx, resources),
  },
  exchange: {
    list: (ctx, q) => exchange.listExchange(ctx, q),
    create: (ctx, d) => exchange.createExchange(ctx, d),
    update: (ctx, { id, patch }) => exchange.updateExchange(ctx, id, patch),
    markSent: (ctx, { id, at }) => exchange.markExchangeSent(ctx, id, at),
    acknowledge: (ctx, { id, at }) => exchange.acknowledgeExchange(ctx, id, at),
    remove: (ctx, { id }) => exchange.removeExchange(ctx, id),
  },
  exports: {
    briefing: (ctx, req) => ctx.jobs.run(req.progressId, 'render', async (onProgress) => exportsService.toExportedFile(await exportsService.exportBriefing(ctx, req, onProgress))),
    ics: (ctx, req) => exportsService.toExportedFile(exportsService.exportIcs(ctx, req)),
    vcard: (ctx, req) => exportsService.toExportedFile(exportsService.exportVcard(ctx, req)),
    pack: (ctx, req) => ctx.jobs.run(req.progressId, 'render', async (onProgress) => exportsService.toExportedFile(await exportsService.exportPack(ctx, req, onProgress))),
    report: async (ctx, req) => exportsService.toExportedFile(await report.exportReport(ctx, req)),
    log: (ctx, { operationId, limit }) => exportsService.listExports(ctx, operationId, limit),
  },
  conflicts: {
    scan: (ctx, query) => conflicts.scanPage(ctx, query),
    taskCounts: (ctx) => conflicts.openConflictsByTask(ctx),
    forOperation: (ctx, { operationId }) => conflicts.scanOperation(ctx, operationId),
    criticalPath: (ctx, { operationId }) => conflicts.criticalPathOf(ctx, operationId),
    whatIfSlip: (ctx, input) => conflicts.whatIfSlip(ctx, input),
    applySlip: (ctx, input) => conflicts.applySlip(ctx, input),
    deconflict: (ctx, { operationId }) => conflicts.deconflictStored(ctx, operationId),
    acknowledgeAlert: (ctx, input) => conflicts.acknowledgeAlert(ctx, input),
    getSettings: (ctx) => conflicts.getSchedulingSettings(ctx),
    setSettings: (ctx, patch) => conflicts.setSchedulingSettings(ctx, patch),
  },
  system: {
    info: (ctx) => system.systemInfo(ctx),
    loadDemo: (ctx, { withCompleted }) => loadDemo(ctx, { withCompleted }),
    setup: (ctx) => setup.siteSetup(ctx),
    completeSetup: (ctx, input) => setup.completeSetup(ctx, input),
    listChanges: (ctx, { afterSeq, limit }) => system.listChanges(ctx, afterSeq, limit),
  },
  audit: {
    list: (ctx, q) => audit.listAudit(ctx.db, q),
    facets: (ctx) => audit.auditFacetsOf(ctx.db),
    verify: (ctx) => audit.verifyAudit(ctx.db),
    operator: (ctx) => ({ name: audit.currentActor(ctx.db) }),
    setOperator: (ctx, { name }) => audit.setOperator(ctx, name),
  },
  durability: {
    status: (ctx) => durability.durabilityStatus(ctx),
    listBackups: (ctx) => durability.listBackupsOf(ctx),
    backupNow: (ctx) => durability.backupNowApi(ctx),
    restore: (ctx, { fileName }) => durability.restoreFromBackup(ctx, fileName),
    setBackupKeep: (ctx, { keep }) => durability.setBackupKeep(ctx, keep),
  },
  security: {
    status: (ctx) => atRest.lockStatus(ctx),
    enable: (ctx, { passphrase, autoLockMinutes, bindToKeychain }) => atRest.enableEncryption(ctx, passphrase, { autoLockMinutes, bindToKeychain }),
    unlock: (ctx, { passphrase }) => atRest.unlock(ctx, passphrase),
    lock: (ctx) => atRest.lock(ctx),
    changePassphrase: (ctx, { current, next }) => atRest.changePassphrase(ctx, current, next),
    setAutoLock: (ctx, { minutes, passphrase }) => atRest.setAutoLockMinutes(ctx, minutes, passphrase),
    disable: (ctx, { passphrase }) => atRest.disableEncryption(ctx, passphrase),
    touch: (ctx) => (atRest.noteActivity(ctx), {}),
    wipe: (ctx, ask) => atRest.emergencyWipe(ctx, ask),
  },
  sync: {
    identity: (ctx) => syncIdentity.identityInfo(ctx),
    createIdentity: (ctx, { passphrase }) => sync.createIdentityProtected(ctx, passphrase),
    unlock: (ctx, { passphrase }) => sync.unlockKeys(ctx, passphrase),
    keyProtection: (ctx) => sync.keyProtection(ctx),
    lock: (ctx) => syncIdentity.lockIdentity(ctx),
    exportCard: (ctx) => fileApi.cardForDownload(ctx),
    peers: (ctx) => syncIdentity.listPeers(ctx),
    addPeer: (ctx, { card }) => syncIdentity.addPeerFromCard(ctx, card),
    trustPeer: (ctx, { siteId, fingerprint }) => syncIdentity.trustPeer(ctx, siteId, fingerprint),
    revokePeer: (ctx, { siteId }) => syncIdentity.revokePeer(ctx, siteId),
    exportBundle: (ctx, r) => ctx.jobs.run(r.progressId, 'select', (onProgress) => fileApi.exportBundleTo(ctx, r, onProgress)),
    previewImport: (ctx, r) => ctx.jobs.run(r.progressId, 'decrypt', (onProgress) => fileApi.importBundleFrom(ctx, r, true, onProgress)),
    importBundle: (ctx, r) => ctx.jobs.run(r.progressId, 'decrypt', (onProgress) => fileApi.importBundleFrom(ctx, r, false, onProgress)),
    jobProgress: (ctx, { id }) => ctx.jobs.read(id),
    syncFolders: (ctx, r) => ctx.jobs.run(r.progressId, 'folder', (onProgress) => fileApi.syncGrantedFolders(ctx, r, onProgress)),
    watchStatus: (ctx) => watchService.watchStatus(ctx),
    setWatch: (ctx, r) => watchService.setWatch(ctx, {
      enabled: r.enabled, outbox: r.outbox ? ctx.files.folder(r.outbox).path : undefined, inbox: r.inbox ? ctx.files.folder(r.inbox).path : undefined,
    }),
    conflicts: (ctx) => sync.listConflicts(ctx),
    planConflicts: (ctx, { operationId }) => sync.listPlanConflicts(ctx, operationId),
    resolveConflict: (ctx, input) => sync.resolveConflict(ctx, input),
    quarantine: (ctx, { limit }) => sync.listQuarantine(ctx, limit),
    bundleLog: (ctx, { limit }) => sync.bundleLog(ctx, limit),
  },
  files: {
    beginUpload: (ctx, { name, size }) => ctx.files.beginUpload(name, size),
    uploadChunk: (ctx, { handle, offset, base64 }) => ctx.files.appendUpload(handle, offset, Buffer.from(base64, 'base64')),
    downloadChunk: (ctx, { handle, offset, length }) => {
      const { bytes, done } = ctx.files.readDownload(handle, offset, length);
      return { base64: bytes.toString('base64'), done };
    },
    release: (ctx, { handle }) => ({ released: ctx.files.release(handle) }),
    folders: (ctx) => ctx.files.folders(),
  },
  geo: {
    map: (ctx, { operationId }) => geo.mapData(ctx, operationId),
    place: (ctx, ref) => geo.mapPlace(ctx, ref),
    export: (ctx, req) => exportsService.toExportedFile(geo.exportGeo(ctx, req)),
    previewImport: (ctx, r) => geo.previewGeoImport(ctx, r),
    importLocations: (ctx, r) => geo.importGeoLocations(ctx, r),
    openTiles: (ctx, { file }) => geo.openTiles(ctx, file),
    tile: (ctx, r) => geo.readTile(ctx, r),
  },
};
