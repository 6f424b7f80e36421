import { classifyTypeChange, type TypeChange } from '../../../lib/contract/diff/type-change';
import { baseSpec } from './helpers';

const spec = baseSpec();

describe('classifyTypeChange', () => {
  it.each<[string, string, TypeChange]>([
    ['string', 'string', 'same'],
    ['res', 'res', 'same'],
    ['[res]', '[res]', 'same'],
    ['integer', 'long', 'widened'],
    ['integer', 'double', 'widened'],
    ['long', 'double', 'widened'],
    ['uuid', 'string', 'widened'],
    ['date-iso8601', 'string', 'widened'],
    ['date-time-iso8601', 'string', 'widened'],
    ['decimal', 'string', 'widened'],
    ['res_color', 'string', 'widened'],
    ['boolean', 'json', 'widened'],
    ['[res]', 'json', 'widened'],
    ['object', 'json', 'widened'],
    ['res', 'object', 'widened'],
    ['map[string]', 'object', 'widened'],
    ['generic_error', 'object', 'widened'],
    ['[integer]', '[long]', 'widened'],
    ['map[uuid]', 'map[string]', 'widened'],
    ['[[integer]]', '[[double]]', 'widened'],
    ['long', 'integer', 'narrowed'],
    ['double', 'integer', 'narrowed'],
    ['json', 'object', 'narrowed'],
    ['object', 'res', 'narrowed'],
    ['string', 'uuid', 'narrowed'],
    ['string', 'res_color', 'narrowed'],
    ['[long]', '[integer]', 'narrowed'],
    ['string', 'integer', 'unrelated'],
    ['integer', 'decimal', 'unrelated'],
    ['date-iso8601', 'date-time-iso8601', 'unrelated'],
    ['res', 'both', 'unrelated'],
    ['res_color', 'req_color', 'unrelated'],
    ['res', '[res]', 'unrelated'],
    ['[string]', 'map[string]', 'unrelated'],
    ['[integer]', 'object', 'unrelated'],
    ['res_color', 'object', 'unrelated'],
    ['unit', 'json', 'unrelated'],
    ['unit', 'res', 'unrelated'],
    ['[[string]]', '[[integer]]', 'unrelated'],
  ])('%s to %s is %s', (from, to, expected) => {
    expect(classifyTypeChange(from, spec, to, spec)).toBe(expected);
  });
});
