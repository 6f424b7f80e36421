/**
 * The functions' execution roles (AWS::IAM::Role) and what their policies allow or deny of
 * `events:PutEvents`, for `dev up --iam` to enforce on the local bus as IAM does on AWS: a forwarder
 * whose role allows PutEvents only with `events:source` `tributary.orders` cannot put a
 * `tributary.users` event.
 *
 * A role's statements come from the AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources of the app
 * that name it in `Roles`, the managed policies of the app in its `ManagedPolicyArns`, and its inline
 * `Policies`. AWS managed policies (`arn:aws:iam::aws:policy/...`) are not known locally and grant
 * nothing here; none of the ones CDK attaches to functions concerns EventBridge.
 */
import { actionCovered } from '../iam-policy';
import type { LocalFunction, LocalPolicyStatement, LocalRole } from '../model';
import type { StackTemplate } from './assembly';
import { isObject } from './assembly';
import { type ReaderContext, type ResourceEntry, resourcesOfType } from './reader';
import { localFunctionName, TemplateError } from './scope';

const PUT_EVENTS = 'events:PutEvents';

/** `value` as a list of strings (a policy's `Action: "x"` means `["x"]`). */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

/**
 * The statements of a policy document that concern `events:PutEvents`, values resolved. Only those
 * statements are resolved (the others may name resources with no local value); one that cannot be
 * resolved locally is left out with a warning, and then grants (or denies) nothing.
 */
export function putEventsStatements(
  context: ReaderContext,
  stack: StackTemplate,
  document: unknown,
  where: { logicalId: string; property: string },
): LocalPolicyStatement[] {
  const resolve = (node: unknown, property: string): unknown => {
    try {
      return context.scope.json(stack, node, {
        logicalId: where.logicalId,
        property: `${where.property}${property}`,
      });
    } catch (error) {
      context.warn(
        `${stack.stackName}/${where.logicalId} ${where.property}${property}: ${error instanceof Error ? error.message : String(error)}; its events:PutEvents grants are not enforced locally`,
      );
      return undefined;
    }
  };
  const doc = isObject(document) ? document : resolve(document, '');
  if (!isObject(doc)) return [];
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const out: LocalPolicyStatement[] = [];
  list.forEach((raw: unknown, index) => {
    const at = Array.isArray(doc.Statement) ? `.Statement[${index}]` : '.Statement';
    if (!isObject(raw)) return;
    const notAction = raw.NotAction !== undefined;
    const actions = resolve(
      notAction ? raw.NotAction : raw.Action,
      `${at}.${notAction ? 'NotAction' : 'Action'}`,
    );
    if (actions === undefined || !actionCovered(strings(actions), PUT_EVENTS, notAction)) return;
    const statement = resolve(raw, at);
    if (!isObject(statement)) return;
    const effect = statement.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') return;
    const notResource = statement.NotResource !== undefined;
    const condition: Record<string, Record<string, string[]>> = {};
    if (isObject(statement.Condition)) {
      for (const [operator, clauses] of Object.entries(statement.Condition)) {
        if (!isObject(clauses)) continue;
        condition[operator] = Object.fromEntries(
          Object.entries(clauses).map(([key, values]) => [key, strings(values)]),
        );
      }
    }
    out.push({
      ...(typeof statement.Sid === 'string' ? { sid: statement.Sid } : {}),
      effect,
      resources: strings(notResource ? statement.NotResource : statement.Resource),
      ...(notResource ? { notResource } : {}),
      ...(Object.keys(condition).length > 0 ? { condition } : {}),
    });
  });
  return out;
}

interface RoleEntry {
  readonly entry: ResourceEntry;
  readonly name: string;
  readonly statements: LocalPolicyStatement[];
}

/** The roles named by a policy's `Roles`: references to roles of the app, or their names. */
function namedRoles(
  context: ReaderContext,
  policy: ResourceEntry,
  roles: ReadonlyMap<string, RoleEntry>,
): RoleEntry[] {
  const declared = policy.resource.Properties.Roles;
  if (declared === undefined) return [];
  if (!Array.isArray(declared)) {
    throw new TemplateError(policy.stack.stackName, policy.logicalId, 'Roles', 'expected a list');
  }
  const found: RoleEntry[] = [];
  declared.forEach((node: unknown, index) => {
    const where = { logicalId: policy.logicalId, property: `Roles[${index}]` };
    let role: RoleEntry | undefined;
    try {
      role = roles.get(context.scope.reference(policy.stack, node, where).id);
    } catch {
      // Not a reference: a role name, which may be a role of the app by its RoleName.
      try {
        const name = context.scope.string(policy.stack, node, where);
        role = [...roles.values()].find((candidate) => candidate.name === name);
      } catch {
        context.warn(`${policy.id}: Roles[${index}] does not resolve locally; not enforced for it`);
      }
    }
    if (role !== undefined) found.push(role);
  });
  return found;
}

function readRoles(context: ReaderContext): Map<string, RoleEntry> {
  const roles = new Map<string, RoleEntry>();
  for (const entry of resourcesOfType(context.assembly, 'AWS::IAM::Role')) {
    const { stack, logicalId, resource } = entry;
    let name = localFunctionName(stack.stackName, logicalId);
    if (resource.Properties.RoleName !== undefined) {
      try {
        name = context.scope.string(stack, resource.Properties.RoleName, { logicalId, property: 'RoleName' });
      } catch {
        // A computed name: the role is still known by its id.
      }
    }
    const statements: LocalPolicyStatement[] = [];
    const inline = resource.Properties.Policies;
    if (Array.isArray(inline)) {
      inline.forEach((policy: unknown, index) => {
        if (!isObject(policy)) return;
        statements.push(
          ...putEventsStatements(context, stack, policy.PolicyDocument, {
            logicalId,
            property: `Policies[${index}].PolicyDocument`,
          }),
        );
      });
    }
    roles.set(entry.id, { entry, name, statements });
  }
  const managed = new Map<string, LocalPolicyStatement[]>();
  for (const policy of resourcesOfType(context.assembly, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
    const statements = putEventsStatements(context, policy.stack, policy.resource.Properties.PolicyDocument, {
      logicalId: policy.logicalId,
      property: 'PolicyDocument',
    });
    if (policy.resource.Type === 'AWS::IAM::ManagedPolicy') managed.set(policy.id, statements);
    for (const role of namedRoles(context, policy, roles)) role.statements.push(...statements);
  }
  // A role's ManagedPolicyArns that are managed policies of the app (AWS managed ones are unknown).
  for (const role of roles.values()) {
    const arns = role.entry.resource.Properties.ManagedPolicyArns;
    if (!Array.isArray(arns)) continue;
    arns.forEach((node: unknown, index) => {
      let policyId: string;
      try {
        policyId = context.scope.reference(role.entry.stack, node, {
          logicalId: role.entry.logicalId,
          property: `ManagedPolicyArns[${index}]`,
        }).id;
      } catch {
        return;
      }
      const statements = managed.get(policyId);
      // A policy naming the role in its Roles too is counted once.
      if (statements !== undefined && !statements.every((s) => role.statements.includes(s))) {
        role.statements.push(...statements);
      }
    });
  }
  return roles;
}

/** The functions with their execution roles, when the role is a resource of the app. */
export function withRoles(
  context: ReaderContext,
  functions: ReadonlyMap<string, LocalFunction>,
): Map<string, LocalFunction> {
  const roles = readRoles(context);
  const { accountId } = context.scope.resolver;
  const out = new Map<string, LocalFunction>();
  for (const entry of resourcesOfType(context.assembly, 'AWS::Lambda::Function')) {
    const fn = functions.get(entry.id);
    if (fn === undefined) continue;
    const node = entry.resource.Properties.Role;
    let role: RoleEntry | undefined;
    if (node !== undefined) {
      try {
        role = roles.get(
          context.scope.reference(entry.stack, node, { logicalId: entry.logicalId, property: 'Role' }).id,
        );
      } catch {
        // A role ARN from outside the app: nothing is known of its policies.
      }
    }
    const local: LocalRole | undefined =
      role === undefined
        ? undefined
        : {
            id: role.entry.id,
            name: role.name,
            arn: `arn:aws:iam::${accountId}:role/${role.name}`,
            putEventsStatements: role.statements,
          };
    out.set(fn.id, local === undefined ? fn : { ...fn, role: local });
  }
  return out;
}
