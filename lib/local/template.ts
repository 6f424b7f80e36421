/**
 * Reads a synthesized CDK app (`cdk.out`) into the {@link LocalSystem} `dev up` runs: functions with
 * their code, resolved environment and execution role, tables, stream mappings, rules, HTTP APIs, queues and buses.
 * Values are resolved for local use through a {@link LocalResolver} (template-scope.ts); anything
 * the template describes that does not run locally is listed in `warnings`; anything that cannot
 * be resolved is a {@link TemplateError} naming the stack, the resource and the property.
 */
import type { LocalQueue, LocalSystem } from './model';
import { readHttpApis } from './template-apis';
import { readCloudAssembly } from './template-assembly';
import { readEventSourceMappings } from './template-event-sources';
import { readFunctions } from './template-functions';
import { withRoles } from './template-policies';
import { type ReaderContext, resourcesOfType } from './template-reader';
import { readBuses, readRules } from './template-rules';
import { AppScope, type LocalResolver } from './template-scope';
import { readTables } from './template-tables';

export { CloudAssemblyError } from './template-assembly';
export { type LocalResolver, localFunctionName, TemplateError } from './template-scope';

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
