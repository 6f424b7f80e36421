/**
 * Reads a synthesized CDK app (`cdk.out`) into the {@link LocalSystem} `dev up` runs: functions with
 * their code, resolved environment and execution role, tables, stream mappings, rules, HTTP APIs, queues and buses.
 * Values are resolved for local use through a {@link LocalResolver} (template-scope.ts); anything
 * the template describes that does not run locally is listed in `warnings`; anything that cannot
 * be resolved is a {@link TemplateError} naming the stack, the resource and the property.
 */
import type { LocalQueue, LocalSystem } from '../model';
import { readHttpApis } from './apis';
import { readCloudAssembly } from './assembly';
import { readEventSourceMappings } from './event-sources';
import { readFunctions } from './functions';
import { withRoles } from './policies';
import { type ReaderContext, resourcesOfType } from './reader';
import { readBuses, readRules } from './rules';
import { AppScope, type LocalResolver } from './scope';
import { readTables } from './tables';

export { CloudAssemblyError } from './assembly';
export { type LocalResolver, localFunctionName, TemplateError } from './scope';

export function loadLocalSystem(cdkOutDir: string, resolver: LocalResolver): LocalSystem {
  const assembly = readCloudAssembly(cdkOutDir);
  const warnings: string[] = [...assembly.warnings];
  const context: ReaderContext = {
    assembly,
    scope: new AppScope(assembly, resolver),
    warn: (message) => warnings.push(message),
  };
  const functions = withRoles(context, readFunctions(context));
  const tables = readTables(context);
  const queues = new Map<string, LocalQueue>(
    resourcesOfType(assembly, 'AWS::SQS::Queue').map(({ stack, logicalId, id }) => [
      id,
      { id, stack: stack.stackName, logicalId },
    ]),
  );
  return {
    functions,
    tables,
    mappings: readEventSourceMappings(context, functions, tables),
    rules: readRules(context, functions),
    apis: readHttpApis(context, functions),
    queues,
    buses: readBuses(context),
    warnings,
  };
}
