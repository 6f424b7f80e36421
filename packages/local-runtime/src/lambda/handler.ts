/**
 * A function's `Handler` setting (`index.handler`, `src/app.handlers.get`) as Lambda's Node.js
 * runtime reads it: the module path up to the first dot of the last path segment, then the export.
 */
import { join } from 'node:path';

export interface HandlerLocation {
  /** Absolute module path without extension. */
  readonly modulePath: string;
  /** Dotted export path. */
  readonly exportPath: string;
}

export function locateHandler(codeDir: string, handler: string): HandlerLocation {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) {
    throw new Error(`handler ${handler} is not <module>.<export>`);
  }
  return { modulePath: join(codeDir, handler.slice(0, dot)), exportPath: handler.slice(dot + 1) };
}
