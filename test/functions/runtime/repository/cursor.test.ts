/**
 * Page cursors (functions/runtime/repository/cursor.ts): the opaque form of a query's key, checked
 * against the query on the way back. How the repository refuses foreign cursors is in
 * resource-repository.test.ts.
 */
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { decodeCursor, encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { InvalidCursorError } from '../../../../functions/runtime/repository/errors';

const ID = 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA';

describe('cursor', () => {
  it('round-trips a key and checks the fixed attributes', () => {
    const key = { [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: ID };
    const shape = { attributes: [TABLE_KEY, TYPE_ATTRIBUTE, 'id'], fixed: { [TYPE_ATTRIBUTE]: 'user' } };
    expect(decodeCursor(encodeCursor(key), shape)).toEqual(key);
    expect(() => decodeCursor(encodeCursor(key), { ...shape, fixed: { [TYPE_ATTRIBUTE]: 'order' } })).toThrow(
      InvalidCursorError,
    );
  });
});
