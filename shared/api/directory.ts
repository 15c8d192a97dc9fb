/** The directory domain: agencies (with procedural powers), units, people and resources. */
import { z } from 'zod';
import { LIMITS, List } from '../domain/bounds.js';
import { Id } from '../domain/common.js';
import {
  Agency, AgencyDraft, Person, PersonDraft, PersonInput, Resource, ResourceDraft, Unit, UnitDraft, UnitInput,
} from '../domain/directory.js';
import { ProceduralPower } from '../domain/enums.js';
import { defineDomain } from './contract.js';
import { ById } from './operations.js';

const ByAgency = z.object({ agencyId: Id.nullable().default(null) }).default({ agencyId: null });

export const directoryApi = defineDomain({
  listAgencies: { input: z.object({}).default({}), output: z.array(Agency) },
  createAgency: { input: AgencyDraft, output: Agency },
  setAgencyPowers: {
    input: z.object({ agencyId: Id, powers: List(ProceduralPower, 50) }),
    output: Agency,
  },
  listUnits: { input: ByAgency, output: z.array(Unit) },
  createUnit: { input: UnitDraft, output: Unit },
  updateUnit: { input: UnitInput, output: Unit },
  removeUnit: { input: ById, output: ById },
  listPeople: { input: ByAgency, output: z.array(Person) },
  createPerson: { input: PersonDraft, output: Person },
  updatePerson: { input: PersonInput, output: Person },
  removePerson: { input: ById, output: ById },
  listResources: { input: ByAgency, output: z.array(Resource) },
  createResource: { input: ResourceDraft, output: Resource },
  updateResource: { input: Resource, output: Resource },
  removeResource: { input: ById, output: ById },
  /** Roster import: all rows or none, in one transaction. */
  importPeople: { input: z.object({ people: List(PersonDraft, LIMITS.rosterRows).min(1) }), output: z.array(Person) },
  importResources: { input: z.object({ resources: List(ResourceDraft, LIMITS.rosterRows).min(1) }), output: z.array(Resource) },
});
