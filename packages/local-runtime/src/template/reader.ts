/**
 * What every resource reader (template-functions.ts, template-tables.ts, ...) is given: the
 * assembly, the app-wide scope that resolves values, and where to note what is not run locally.
 */
import type { CfnResource, CloudAssembly, StackTemplate } from './assembly';
import type { AppScope } from './scope';

export interface ReaderContext {
  readonly assembly: CloudAssembly;
  readonly scope: AppScope;
  warn(message: string): void;
}

export interface ResourceEntry {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** `<stack>/<logical id>`. */
  readonly id: string;
}

/** Every resource of the app of one of the types, stack by stack, in template order. */
export function resourcesOfType(assembly: CloudAssembly, ...types: string[]): ResourceEntry[] {
  const entries: ResourceEntry[] = [];
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of stack.resources) {
      if (types.includes(resource.Type)) {
        entries.push({ stack, logicalId, resource, id: `${stack.stackName}/${logicalId}` });
      }
    }
  }
  return entries;
}
