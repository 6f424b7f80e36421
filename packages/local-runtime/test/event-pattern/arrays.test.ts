import { matchTable } from './helpers';

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

describe('arrays in events', () => {
  matchTable([
    {
      name: 'an element equals',
      pattern: { resources: ['b'] },
      event: { resources: ['a', 'b'] },
      want: true,
    },
    {
      name: 'no element equals',
      pattern: { resources: ['c'] },
      event: { resources: ['a', 'b'] },
      want: false,
    },
    {
      name: 'intersection of pattern and event arrays',
      pattern: { resources: ['x', 'b', 'y'] },
      event: { resources: ['a', 'b'] },
      want: true,
    },
    { name: 'empty array', pattern: { resources: ['a'] }, event: { resources: [] }, want: false },
    { name: 'array of arrays', pattern: { m: ['b'] }, event: { m: [['a'], ['b']] }, want: true },
    {
      name: 'numbers in an array',
      pattern: { n: [{ numeric: ['>', 10] }] },
      event: { n: [1, 50] },
      want: true,
    },
    { name: 'null element', pattern: { n: [null] }, event: { n: ['a', null] }, want: true },
    {
      name: 'field of objects in an array',
      pattern: { employees: { firstName: ['Anna'] } },
      event: employees,
      want: true,
    },
    {
      name: 'two fields from one element',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
      event: employees,
      want: true,
    },
    {
      name: 'two fields from different elements (array consistency)',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
      event: employees,
      want: false,
    },
    {
      name: 'nested arrays of objects, one element',
      pattern: { employees: { firstName: ['Peter'], lastName: ['Jones'] } },
      event: {
        employees: [[{ firstName: 'John', lastName: 'Doe' }], [{ firstName: 'Peter', lastName: 'Jones' }]],
      },
      want: true,
    },
    {
      name: 'fields outside the array combine with any element',
      pattern: { source: ['s'], items: { sku: ['b'] } },
      event: { source: 's', items: [{ sku: 'a' }, { sku: 'b' }] },
      want: true,
    },
    {
      name: 'deeper objects inside one element',
      pattern: { items: { sku: ['b'], price: { currency: ['EUR'] } } },
      event: {
        items: [
          { sku: 'a', price: { currency: 'EUR' } },
          { sku: 'b', price: { currency: 'USD' } },
        ],
      },
      want: false,
    },
  ]);
});
