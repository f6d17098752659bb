import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('should write exactly what the canonicalize package writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('should sort keys by UTF-16 code units and write numbers in their shortest ECMAScript form (RFC 8785 §3.2.3 examples)', () => {
    expect(canonicalJson({ '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' })).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333])).toBe('[1e+21,1e-7,0.000001,0,333333333.3333333]');
    expect(canonicalJson({ b: undefined, a: [undefined, null], c: { y: 1, x: '中文' } })).toBe('{"a":[null,null],"c":{"x":"中文","y":1}}');
  });
});
