import { foldPerChar } from '../../src/event-pattern/equals-ignore-case';
import { type MatchCase, matchTable } from './helpers';

/**
 * equals-ignore-case folds case per UTF-16 char of the pattern, as EventBridge's engine does
 * (aws/event-ruler, input/EqualsIgnoreCaseParser.java), not by lower-casing whole strings.
 * Characters below are written as escapes where they look alike: K is the Kelvin sign U+212A,
 * Ω the Ohm sign U+2126, i̇ is "i" + U+0307.
 */

const KELVIN = '\u212A';
const OHM = '\u2126';
const DOTTED_I = 'i\u0307';
/** ΰ (U+03B0) upper-cases to three chars: Υ + U+0308 + U+0301. */
const UPSILON_DIALYTIKA_TONOS = '\u03A5\u0308\u0301';

const eic = (text: string) => ({ v: [{ 'equals-ignore-case': text }] });
const prefix = (text: string) => ({ v: [{ prefix: { 'equals-ignore-case': text } }] });
const suffix = (text: string) => ({ v: [{ suffix: { 'equals-ignore-case': text } }] });
const notEic = (text: string) => ({ v: [{ 'anything-but': { 'equals-ignore-case': text } }] });
const row = (name: string, pattern: object, value: string, want: boolean): MatchCase => ({
  name,
  pattern,
  event: { v: value },
  want,
});

describe('equals-ignore-case folds each character alone', () => {
  matchTable([
    row('Kelvin sign against k', eic(`\u03B0${KELVIN}`), `${UPSILON_DIALYTIKA_TONOS}k`, true),
    row('Kelvin sign against itself', eic(`\u03B0${KELVIN}`), `\u03B0${KELVIN}`, true),
    row('Kelvin sign against Latin K', eic(`\u03B0${KELVIN}`), '\u03B0K', false),
    row('Latin K against the Kelvin sign', eic('k'), KELVIN, false),
    row('Ohm sign against omega', eic(OHM), '\u03C9', true),
    row('Ohm sign against capital omega', eic(OHM), '\u03A9', false),
    row('sigma: no final form from its neighbours', eic('ΣΑΣ'), 'σασ', true),
    row('sigma: final sigma is another character', eic('ΣΑΣ'), 'σας', false),
    row('final sigma in the pattern', eic('σας'), 'ΣΑΣ', true),
    row('final sigma in the pattern, lower case', eic('σας'), 'σασ', false),
    row('dotted İ against i + combining dot', eic('İ'), DOTTED_I, true),
    row('dotted İ against itself', eic('İ'), 'İ', true),
    row('dotted İ against i', eic('İ'), 'i', false),
    row('i against dotted İ', eic('i'), 'İ', false),
    row('dotless ı against I', eic('ı'), 'I', true),
    row('dotless ı against i', eic('ı'), 'i', false),
    row('ß against SS', eic('ß'), 'SS', true),
    row('ß against ss', eic('ß'), 'ss', false),
    row('ß against capital ẞ', eic('ß'), 'ẞ', false),
    row('SS against ß', eic('SS'), 'ß', false),
    row('straße against STRASSE', eic('straße'), 'STRASSE', true),
    row('straße against strasse', eic('straße'), 'strasse', false),
    row('ﬁ ligature against FI', eic('ﬁ'), 'FI', true),
    row('ﬁ ligature against fi', eic('ﬁ'), 'fi', false),
    row('titlecase ǅ against ǆ', eic('ǅ'), 'ǆ', true),
    row('titlecase ǅ against Ǆ', eic('ǅ'), 'Ǆ', true),
    row('titlecase ǅ against itself', eic('ǅ'), 'ǅ', false),
    row('mixed scripts', eic('Straße-Ωmega-Δέλτα'), 'STRASSE-ωMEGA-δΈΛΤΑ', true),
    row('mixed scripts, one letter off', eic('Straße-Ωmega-Δέλτα'), 'STRASSE-ωMEGA-δΈΛΤO', false),
    row('CJK has no case', eic('東京'), '東京', true),
    row('astral character: each surrogate is "?"', eic('😀'), '??', true),
    row('astral character against itself', eic('😀'), '😀', false),
    row('Deseret capital against its small letter', eic('\u{10400}'), '\u{10428}', false),
    row('an unpaired surrogate in the event is "?"', eic('a?'), 'A\uD800', true),
  ]);
});

/**
 * From aws/event-ruler src/test/software/amazon/event/ruler/ByteMachineTest.java: the
 * testEqualsIgnoreCase* cases (pattern, values matching, values not matching). In
 * testEqualsIgnoreCaseManyCharactersWithDifferentByteLengthForLowerCaseAndUpperCase the last
 * letter is written here as the Kelvin sign; the rows hold for a Latin K too.
 */
describe('equals-ignore-case: event-ruler ByteMachineTest cases', () => {
  const cases: Array<[string, string, string[], string[]]> = [
    [
      'testEqualsIgnoreCasePattern',
      'jAVa',
      ['java', 'JAVA', 'Java', 'jAvA', 'jAVa', 'JaVa'],
      ['JAV', 'jav', 'ava', 'AVA', 'JAVAx', 'javax', 'xJAVA', 'xjava'],
    ],
    [
      'testEqualsIgnoreCasePatternNonLetterCharacters',
      '1#$^sS我ŐaBc',
      ['1#$^sS我ŐaBc', '1#$^Ss我ŐAbC'],
      ['', '2#$^sS我ŐaBc', '1#%^sS我ŐaBc', '1#$^sS大ŐaBc', '1#$^sS我ŏaBc'],
    ],
    [
      'testEqualsIgnoreCaseLowerCaseCharacterWithDifferentByteLengthForUpperCase',
      '12ⱥ34',
      ['12ⱥ34', '12Ⱥ34'],
      ['', '12a34', '12A34'],
    ],
    [
      'testEqualsIgnoreCaseUpperCaseCharacterWithDifferentByteLengthForLowerCase',
      '12Ⱥ34',
      ['12ⱥ34', '12Ⱥ34'],
      ['', '12a34', '12A34'],
    ],
    [
      'testEqualsIgnoreCaseManyCharactersWithDifferentByteLengthForLowerCaseAndUpperCase',
      `\u03B0\u0240\u0250\u0390\u03B0\u1FC6${KELVIN}`,
      [
        `${UPSILON_DIALYTIKA_TONOS}\u0240\u2C6F\u0390${UPSILON_DIALYTIKA_TONOS}\u0397\u0342k`,
        `\u03B0\u2C7F\u0250\u0399\u0308\u0301\u03B0\u1FC6${KELVIN}`,
        `${UPSILON_DIALYTIKA_TONOS}\u2C7F\u2C6F\u0399\u0308\u0301${UPSILON_DIALYTIKA_TONOS}\u1FC6k`,
        `\u03B0\u0240\u0250\u0390\u03B0\u0397\u0342${KELVIN}`,
      ],
      [
        '',
        `${UPSILON_DIALYTIKA_TONOS}\u023F\u2C6F\u0390${UPSILON_DIALYTIKA_TONOS}\u0397\u0342k`,
        `\u03B0\u2C7E\u0250\u0399\u0308\u0301\u03B0\u1FC6${KELVIN}`,
      ],
    ],
  ];
  matchTable(
    cases.flatMap(([test, text, yes, no]) => [
      ...yes.map((value) => row(`${test}: ${JSON.stringify(value)}`, eic(text), value, true)),
      ...no.map((value) => row(`${test}: ${JSON.stringify(value)}`, eic(text), value, false)),
    ]),
  );

  it('folds a text into one alternative set per char (EqualsIgnoreCaseParserTest)', () => {
    // aws/event-ruler src/test/.../input/EqualsIgnoreCaseParserTest.java parses "1aA*†Éⱥ".
    expect(foldPerChar('1aA*†Éⱥ')).toEqual([
      ['1'],
      ['a', 'A'],
      ['a', 'A'],
      ['*'],
      ['†'],
      ['é', 'É'],
      ['ⱥ', 'Ⱥ'],
    ]);
    expect(foldPerChar('')).toEqual([]);
    expect(foldPerChar('ß')).toEqual([['ß', 'SS']]);
    expect(foldPerChar('😀')).toEqual([['?'], ['?']]);
  });
});

describe('prefix and suffix with equals-ignore-case fold each character alone', () => {
  matchTable([
    row('prefix, Kelvin sign', prefix(`\u03B0${KELVIN}`), `${UPSILON_DIALYTIKA_TONOS}k-rest`, true),
    row('prefix, Kelvin sign against Latin K', prefix(KELVIN), 'Kelvin', false),
    row('prefix, ß against SS', prefix('ß'), 'SSx', true),
    row('prefix, ß against ss', prefix('ß'), 'ssx', false),
    row('prefix, longer mapping inside', prefix('aßb'), 'ASSBcd', true),
    row('prefix, event shorter than the mapping', prefix('ß'), 'S', false),
    row('prefix, dotted İ', prefix('İs'), `${DOTTED_I}STANBUL`, true),
    row('prefix, astral character', prefix('😀'), '??x', true),
    row('prefix, astral character against itself', prefix('😀'), '😀x', false),
    row('suffix, sigma', suffix('ΣΑΣ'), 'x-σασ', true),
    row('suffix, final sigma is another character', suffix('ΣΑΣ'), 'x-σας', false),
    row('suffix, dotted İ', suffix('İ'), `x${DOTTED_I}`, true),
    row('suffix, dotted İ against i', suffix('İ'), 'xi', false),
    row('suffix, longer mapping inside', suffix('aßb'), 'zzASSB', true),
    row('suffix, longer mapping against its lower case', suffix('aßb'), 'zzassb', false),
    row('suffix, Ohm sign', suffix(`${OHM}.png`), 'x\u03C9.PNG', true),
    row('suffix, whole value', suffix('ǅ'), 'Ǆ', true),
    row('suffix, titlecase against itself', suffix('ǅ'), 'ǅ', false),
  ]);
});

describe('anything-but equals-ignore-case excludes what equals-ignore-case matches', () => {
  matchTable([
    row('ß excludes SS', notEic('ß'), 'SS', false),
    row('ß does not exclude ss', notEic('ß'), 'ss', true),
    row('ΣΑΣ excludes σασ', notEic('ΣΑΣ'), 'σασ', false),
    row('ΣΑΣ does not exclude σας', notEic('ΣΑΣ'), 'σας', true),
    row('Kelvin sign does not exclude Latin K', notEic(KELVIN), 'K', true),
  ]);
});
