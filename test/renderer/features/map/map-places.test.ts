/** The map view's places from the compact answer: keys that survive a newer answer, each place spelled out whole. */
import { describe, expect, it } from 'vitest';
import type { MapOperation } from '../../../../shared/api/geo.js';
import { agencyOfPlace, countPlaces, findPlace, placeKey, placeOf, refOf } from '../../../../renderer/src/features/map/map-places.js';

const op: MapOperation = {
  id: 'op-1', leadAgencyId: 'NPU',
  locations: [51.18, 23.8, 51.21, 24.71],
  tasks: [51.2, 24, 51.3, 24.1], taskIds: ['t-1', 't-2'], taskAgencyIds: ['NPU', 'DMS'],
  addresses: [51.22, 24.72],
  lastSeen: [51.1, 23.9],
};

describe('map places', () => {
  it('spell out a place with what its operation and kind say', () => {
    expect(countPlaces(op)).toBe(6);
    expect(placeOf({ operation: op, kind: 'location', index: 1 })).toMatchObject({ key: 'op-1|location:1', lat: 51.21, lon: 24.71, order: 2, taskId: null });
    expect(placeOf({ operation: op, kind: 'task', index: 1 })).toMatchObject({ key: 'op-1|task:t-2', lat: 51.3, lon: 24.1, taskId: 't-2' });
    expect(placeOf({ operation: op, kind: 'lastSeen', index: 0 })).toMatchObject({ key: 'op-1|lastSeen:0', order: null });
    // What api.geo.place is asked for its words: a task by its task, the rest by position.
    expect(refOf(placeOf({ operation: op, kind: 'task', index: 1 }))).toEqual({ operationId: 'op-1', kind: 'task', at: 't-2' });
    expect(refOf(placeOf({ operation: op, kind: 'subject', index: 0 }))).toEqual({ operationId: 'op-1', kind: 'subject', at: 0 });
    expect([agencyOfPlace(op, 'task', 0), agencyOfPlace(op, 'task', 1), agencyOfPlace(op, 'subject', 0)]).toEqual(['NPU', 'DMS', 'NPU']);
  });

  it('find a task by its task in a newer answer, wherever it moved; a gone place is null', () => {
    const key = placeKey(op, 'task', 1);
    expect(key).toBe('op-1|task:t-2');
    const newer: MapOperation = { ...op, tasks: [51.3, 24.1, 50, 24], taskIds: ['t-2', 't-1'], taskAgencyIds: ['DMS', 'NPU'] };
    expect(findPlace([newer], key)).toMatchObject({ kind: 'task', taskId: 't-2', index: 0, lat: 51.3, lon: 24.1 });
    expect(findPlace([{ ...op, tasks: [51.2, 24], taskIds: ['t-1'], taskAgencyIds: ['NPU'] }], key)).toBeNull();
    expect(findPlace([op], 'op-1|location:2')).toBeNull();
    expect(findPlace([op], 'op-2|location:0')).toBeNull();
  });
});
