/** The map view's places from the compact answer: keys that survive a newer answer, each place spelled out whole. */
import { describe, expect, it } from 'vitest';
import type { MapOperation } from '../../../../shared/api/geo.js';
import { agencyOfPlace, countPlaces, findPlace, placeKey, placeOf } from '../../../../renderer/src/features/map/map-places.js';

const op: MapOperation = {
  id: 'op-1', codeName: 'ЯНТАР', leadAgencyId: 'NPU', timeZone: 'Europe/Kyiv',
  locations: [{ label: 'Кордон', lat: 51.18, lon: 23.8 }, { label: 'Склад', lat: 51.21, lon: 24.71 }],
  tasks: [{ label: 'Огляд', lat: 51.2, lon: 24, taskId: 't-1' }, { label: 'Супровід', lat: 51.3, lon: 24.1, taskId: 't-2', agencyId: 'DMS' }],
  addresses: [{ label: 'вул. Заводська, 5', lat: 51.22, lon: 24.72 }],
  lastSeen: [{ label: 'AC 4417 KT', lat: 51.1, lon: 23.9, seenAt: '2026-12-08T12:30:00.000Z' }],
};

describe('map places', () => {
  it('spell out a place with what its operation and kind say', () => {
    expect(countPlaces(op)).toBe(6);
    expect(placeOf({ operation: op, kind: 'location', index: 1 })).toMatchObject({ key: 'op-1|location:1', label: 'Склад', order: 2, taskId: null, seenAt: null });
    expect(placeOf({ operation: op, kind: 'lastSeen', index: 0 })).toMatchObject({ seenAt: '2026-12-08T12:30:00.000Z', source: null, order: null });
    expect([agencyOfPlace(op, 'task', op.tasks[0]!), agencyOfPlace(op, 'task', op.tasks[1]!), agencyOfPlace(op, 'subject', op.addresses[0]!)]).toEqual(['NPU', 'DMS', 'NPU']);
  });

  it('find a task by its task in a newer answer, wherever it moved; a gone place is null', () => {
    const key = placeKey(op, 'task', 1);
    expect(key).toBe('op-1|task:t-2');
    const newer: MapOperation = { ...op, tasks: [op.tasks[1]!, { ...op.tasks[0]!, lat: 50 }] };
    expect(findPlace([newer], key)).toMatchObject({ kind: 'task', taskId: 't-2', label: 'Супровід' });
    expect(findPlace([{ ...op, tasks: [op.tasks[0]!] }], key)).toBeNull();
    expect(findPlace([op], 'op-1|location:2')).toBeNull();
    expect(findPlace([op], 'op-2|location:0')).toBeNull();
  });
});
