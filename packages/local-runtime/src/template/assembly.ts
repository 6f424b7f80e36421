/**
 * The files of a synthesized CDK app (a cloud assembly, `cdk.out`): its stacks' templates and its
 * file assets, read from `manifest.json` and the asset manifests it names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export type JsonObject = { readonly [key: string]: unknown };

export interface CfnResource {
  readonly Type: string;
  readonly Properties: JsonObject;
  readonly Metadata: JsonObject;
}

export interface CfnParameter {
  readonly Type: string;
  readonly Default?: unknown;
}

export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
}

export interface StackTemplate {
  readonly stackName: string;
  /** Absolute directory of the assembly the stack belongs to (asset paths are relative to it). */
  readonly assemblyDir: string;
  readonly templateFile: string;
  readonly parameters: ReadonlyMap<string, CfnParameter>;
  /** In template order. */
  readonly resources: ReadonlyMap<string, CfnResource>;
  readonly outputs: ReadonlyMap<string, CfnOutput>;
  readonly mappings: JsonObject;
}

export interface FileAsset {
  /** Absolute path of the asset's source (a directory for `zip` packaging). */
  readonly path: string;
  readonly packaging: string;
}

export interface CloudAssembly {
  readonly dir: string;
  readonly stacks: readonly StackTemplate[];
  /** File assets by hash (the S3 object key without `.zip`). */
  readonly assets: ReadonlyMap<string, FileAsset>;
  /** What was left out (nested assemblies). */
  readonly warnings: readonly string[];
}

/** A cloud assembly that cannot be read: names the file and what is wrong. */
export class CloudAssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudAssemblyError';
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  if (!existsSync(file))
    throw new CloudAssemblyError(`${file} does not exist: synthesize the app (npx cdk synth)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CloudAssemblyError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function objectAt(value: unknown, file: string, what: string): JsonObject {
  if (value === undefined) return {};
  if (!isObject(value)) throw new CloudAssemblyError(`${file}: ${what} must be an object`);
  return value;
}

/** Reads `manifest.json` of the assembly in `dir`, every stack template and asset manifest it names. */
export function readCloudAssembly(dir: string): CloudAssembly {
  const assemblyDir = resolve(dir);
  const manifestFile = join(assemblyDir, 'manifest.json');
  const manifest = objectAt(readJson(manifestFile), manifestFile, 'the manifest');
  const artifacts = objectAt(manifest.artifacts, manifestFile, 'artifacts');
  const stacks: StackTemplate[] = [];
  const assets = new Map<string, FileAsset>();
  const warnings: string[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) continue;
    const properties = objectAt(artifact.properties, manifestFile, `artifacts.${artifactId}.properties`);
    if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof properties.templateFile !== 'string') {
        throw new CloudAssemblyError(`${manifestFile}: stack ${artifactId} names no templateFile`);
      }
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
      stacks.push(readStack(stackName, assemblyDir, join(assemblyDir, properties.templateFile)));
    } else if (artifact.type === 'cdk:asset-manifest' && typeof properties.file === 'string') {
      readAssetManifest(join(assemblyDir, properties.file), assemblyDir, assets);
    } else if (artifact.type === 'cdk:cloud-assembly') {
      warnings.push(`nested cloud assembly ${artifactId} (a CDK Stage) is not run locally`);
    }
  }
  return { dir: assemblyDir, stacks, assets, warnings };
}

function readStack(stackName: string, assemblyDir: string, templateFile: string): StackTemplate {
  const template = objectAt(readJson(templateFile), templateFile, 'the template');
  const resources = new Map<string, CfnResource>();
  for (const [logicalId, resource] of Object.entries(
    objectAt(template.Resources, templateFile, 'Resources'),
  )) {
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      throw new CloudAssemblyError(`${templateFile}: resource ${logicalId} has no Type`);
    }
    resources.set(logicalId, {
      Type: resource.Type,
      Properties: objectAt(resource.Properties, templateFile, `${logicalId}.Properties`),
      Metadata: objectAt(resource.Metadata, templateFile, `${logicalId}.Metadata`),
    });
  }
  const parameters = new Map<string, CfnParameter>();
  for (const [name, parameter] of Object.entries(objectAt(template.Parameters, templateFile, 'Parameters'))) {
    if (!isObject(parameter) || typeof parameter.Type !== 'string') {
      throw new CloudAssemblyError(`${templateFile}: parameter ${name} has no Type`);
    }
    parameters.set(name, { Type: parameter.Type, Default: parameter.Default });
  }
  const outputs = new Map<string, CfnOutput>();
  for (const [name, output] of Object.entries(objectAt(template.Outputs, templateFile, 'Outputs'))) {
    if (!isObject(output)) continue;
    const exported = isObject(output.Export) ? { Export: { Name: output.Export.Name } } : {};
    outputs.set(name, { Value: output.Value, ...exported });
  }
  return {
    stackName,
    assemblyDir,
    templateFile,
    parameters,
    resources,
    outputs,
    mappings: objectAt(template.Mappings, templateFile, 'Mappings'),
  };
}

function readAssetManifest(file: string, assemblyDir: string, into: Map<string, FileAsset>): void {
  const manifest = objectAt(readJson(file), file, 'the asset manifest');
  for (const [hash, entry] of Object.entries(objectAt(manifest.files, file, 'files'))) {
    if (!isObject(entry) || !isObject(entry.source) || typeof entry.source.path !== 'string') continue;
    const path = entry.source.path;
    into.set(hash, {
      path: isAbsolute(path) ? path : join(assemblyDir, path),
      packaging: typeof entry.source.packaging === 'string' ? entry.source.packaging : 'file',
    });
  }
}
