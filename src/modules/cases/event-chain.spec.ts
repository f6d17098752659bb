import { type ChainedEvent, hashEvent, verifyEventChain } from './event-chain.js';

function chain(n: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      caseId: 'c1',
      seq,
      type: seq === 1 ? 'REGISTERED' : 'ACCEPT',
      effectiveDate: '2026-03-02',
      recordedAt: `2026-03-02T0${seq}:00:00.000Z`,
      actorId: 'u1',
      actorRole: 'OFFICER',
      payload: { note: `第${seq}步` },
      reason: null,
      backDated: false,
      prevHash,
    };
    const hash = hashEvent(fields);
    events.push({ ...fields, id: `e${seq}`, hash });
    prevHash = hash;
  }
  return events;
}

describe('event chain', () => {
  it('should verify an untouched chain', () => {
    const events = chain(4);
    expect(verifyEventChain(events, events[3].hash)).toEqual({ ok: true, checked: 4, lastHash: events[3].hash, problems: [] });
  });

  it('should hash independently of key order', () => {
    const [e] = chain(1);
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as unknown as ChainedEvent;
    expect(hashEvent(reordered)).toBe(e.hash);
  });

  it('should name the edited event when a payload is changed', () => {
    const events = chain(4);
    events[1] = { ...events[1], payload: { note: '改过' } };
    expect(verifyEventChain(events).problems).toEqual([{ seq: 2, eventId: 'e2', problem: 'HASH_MISMATCH' }]);
  });

  it('should detect an event removed from the middle', () => {
    const events = chain(4);
    const sut = verifyEventChain([events[0], events[2], events[3]]);
    expect(sut.ok).toBe(false);
    expect(sut.problems).toContainEqual({ seq: 3, eventId: 'e3', problem: 'BROKEN_LINK' });
  });

  it('should detect a truncated log against the head hash kept on the case', () => {
    const events = chain(4);
    expect(verifyEventChain(events.slice(0, 3), events[3].hash).problems).toEqual([{ seq: 3, eventId: 'e3', problem: 'HEAD_MISMATCH' }]);
  });
});
