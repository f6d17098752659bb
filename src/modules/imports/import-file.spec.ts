import { eventFieldPath, fileLines, foreignEventFields, parseLine, recordSha256 } from './import-file.js';

describe('import file (历史导入)', () => {
  it('should number lines as an editor does, skipping blank ones, with CRLF and a byte-order mark', () => {
    expect(fileLines('\uFEFF{"a":1}\r\n\r\n  \n{"b":2}\n')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
  });

  it('should report a line that is no JSON object, with where the parser stopped', () => {
    expect(parseLine({ line: 3, text: '{"externalId": "A",' })).toEqual({ error: expect.objectContaining({ line: 3, field: '', code: 'INVALID_JSON' }) });
    expect(parseLine({ line: 3, text: '{"a" 1}' })).toEqual({ error: expect.objectContaining({ message: expect.stringContaining('第6个字符附近') }) });
    expect(parseLine({ line: 4, text: '[1,2]' })).toEqual({ error: expect.objectContaining({ code: 'INVALID_TYPE' }) });
    expect(parseLine({ line: 5, text: '{"a":1}' })).toEqual({ value: { a: 1 } });
  });

  it('should fingerprint a record regardless of key order and spacing', () => {
    expect(recordSha256({ a: 1, b: { c: [1, 2] } })).toBe(recordSha256(JSON.parse('{ "b": {"c":[1,2]}, "a": 1 }')));
    expect(recordSha256({ a: 1 })).not.toBe(recordSha256({ a: 2 }));
  });

  it('should refuse fields an event type does not take', () => {
    expect(foreignEventFields([{ type: 'ACCEPT', date: '2025-01-02', waybillNumber: 'X' }, { type: 'DELIVER_REPLY', date: '2025-01-03', method: 'POST', waybillNumber: 'X', dueDate: '2025-01-30' }])).toEqual([
      { field: 'events.0.waybillNumber', type: 'ACCEPT' },
    ]);
  });

  it('should name a refused command field by the record field it came from', () => {
    expect(eventFieldPath(2, 'effectiveDate')).toBe('events.2.date');
    expect(eventFieldPath(2, 'advisorIds.1')).toBe('events.2.advisors.1');
    expect(eventFieldPath(2, 'blanks.earlierCaseTrackingNumber')).toBe('events.2.earlierTrackingNumber');
    expect(eventFieldPath(2, 'appliedOn')).toBe('events.2.appliedOn');
    expect(eventFieldPath(2, undefined)).toBe('events.2.type');
  });
});
