import { matchTable } from './helpers';

const yes = { c: [{ exists: true }] };
const no = { c: [{ exists: false }] };

describe('exists: true', () => {
  matchTable([
    { name: 'string', pattern: yes, event: { c: 'x' }, want: true },
    { name: 'empty string', pattern: yes, event: { c: '' }, want: true },
    { name: 'number', pattern: yes, event: { c: 0 }, want: true },
    { name: 'false', pattern: yes, event: { c: false }, want: true },
    { name: 'null is a value', pattern: yes, event: { c: null }, want: true },
    { name: 'missing', pattern: yes, event: { d: 1 }, want: false },
    { name: 'object (not a leaf)', pattern: yes, event: { c: { c1: 100 } }, want: false },
    { name: 'empty object', pattern: yes, event: { c: {} }, want: false },
    { name: 'empty array', pattern: yes, event: { c: [] }, want: false },
    { name: 'array with a value', pattern: yes, event: { c: ['a'] }, want: true },
    { name: 'nested, present', pattern: { detail: yes }, event: { detail: { c: 1 } }, want: true },
    { name: 'nested, parent missing', pattern: { detail: yes }, event: {}, want: false },
    {
      name: 'in an array of objects',
      pattern: { items: yes },
      event: { items: [{ d: 1 }, { c: 2 }] },
      want: true,
    },
    {
      name: 'same element as a sibling field',
      pattern: { items: { c: [{ exists: true }], sku: ['b'] } },
      event: { items: [{ sku: 'a', c: 1 }, { sku: 'b' }] },
      want: false,
    },
  ]);
});

describe('exists: false', () => {
  matchTable([
    { name: 'missing', pattern: no, event: { d: 1 }, want: true },
    { name: 'present', pattern: no, event: { c: 'x' }, want: false },
    { name: 'null is present', pattern: no, event: { c: null }, want: false },
    { name: 'object is not a leaf', pattern: no, event: { c: { c1: 100 } }, want: true },
    { name: 'empty array', pattern: no, event: { c: [] }, want: true },
    { name: 'array with a value', pattern: no, event: { c: [1] }, want: false },
    { name: 'nested, missing', pattern: { detail: no }, event: { detail: { state: 'x' } }, want: true },
    { name: 'nested, parent missing', pattern: { detail: no }, event: { source: 'x' }, want: true },
    {
      name: 'nested under a leaf value',
      pattern: { test_field: { is_background_job: [{ exists: false }] } },
      event: { test_field: false },
      want: true,
    },
    { name: 'with other fields', pattern: { source: ['s'], ...no }, event: { source: 's' }, want: true },
    {
      name: 'with other fields, present',
      pattern: { source: ['s'], ...no },
      event: { source: 's', c: 1 },
      want: false,
    },
    {
      name: 'no element of an array has it',
      pattern: { items: { discount: [{ exists: false }] } },
      event: { items: [{ sku: 1 }, { sku: 2 }] },
      want: true,
    },
    {
      name: 'one element of an array has it',
      pattern: { items: { discount: [{ exists: false }] } },
      event: { items: [{ sku: 1 }, { sku: 2, discount: 5 }] },
      want: false,
    },
    {
      name: 'absent from the element a sibling matched (sibling first in engine order)',
      pattern: { items: { a_sku: ['b'], discount: [{ exists: false }] } },
      event: { items: [{ a_sku: 'a', discount: 1 }, { a_sku: 'b' }] },
      want: true,
    },
    {
      name: 'present in another element (sibling after it in engine order)',
      pattern: { items: { discount: [{ exists: false }], sku: ['b'] } },
      event: { items: [{ sku: 'a', discount: 1 }, { sku: 'b' }] },
      want: false,
    },
    {
      name: 'absent or a value',
      pattern: { c: [{ exists: false }, 'x'] },
      event: { c: 'x' },
      want: true,
    },
    {
      name: 'absent or a value, other value',
      pattern: { c: [{ exists: false }, 'x'] },
      event: { c: 'y' },
      want: false,
    },
  ]);
});
