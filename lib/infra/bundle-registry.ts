import type { IConstruct } from 'constructs';
import type { LambdaBundle } from './bundle';

/**
 * How a function finds its bundle from the app's shared build: the app (buildSystem) registers the
 * bundles on its root construct before building the stacks, and every ServiceFunction under that
 * root looks its entry up here. Stacks pass no bundle around, so service-stack.ts does not change
 * with how functions are bundled. An app with nothing registered bundles each function on its own
 * (the `per-entry` bundler).
 */

const registered = new WeakMap<IConstruct, ReadonlyMap<string, LambdaBundle>>();

/** Registers the shared build's bundles (by absolute entry path) for every construct under `app`. */
export function registerSharedBundles(app: IConstruct, bundles: ReadonlyMap<string, LambdaBundle>): void {
  registered.set(app.node.root, bundles);
}

/** The bundles registered for the app `scope` belongs to, if its functions share one build. */
export function sharedBundles(scope: IConstruct): ReadonlyMap<string, LambdaBundle> | undefined {
  return registered.get(scope.node.root);
}
