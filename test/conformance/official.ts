/**
 * The official request and response names of every OpenAPI action onboard
 * calls or serves: from the typed SDK packages where the registry has them
 * (`@alicloud/ram20150501`, `ims20190815`, `sts20150401`, `ecs20140526` —
 * their model classes' static `names()` map every field to its wire name and
 * `types()` give its shape), else from the fixture of names read from the
 * official SDK sources (`fixtures/official-fields.json`: Quota Center,
 * MaxCompute, and the two IMS policy actions the installed IMS package is too
 * old for). The official error codes per action are `fixtures/official-errors.json`.
 *
 * Names are compared in one form: an RPC list member's index is `N`
 * (`AttributeName.N`, `Dimensions.N.Key`), array elements are transparent in
 * response paths (`AccessKeys.AccessKey.AccessKeyId`).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ecs from '@alicloud/ecs20140526';
import * as ims from '@alicloud/ims20190815';
import * as ram from '@alicloud/ram20150501';
import * as sts from '@alicloud/sts20150401';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** One action's official names. */
export interface OfficialAction {
  /** Request parameters (flattened). */
  request: ReadonlySet<string>;
  /** Response paths (array elements transparent). */
  response: ReadonlySet<string>;
  /** Response paths whose value is a map: any key beneath them is the map's. */
  maps: ReadonlySet<string>;
  /** Where the names come from (a package and version, or the SDK repository at a commit). */
  from: string;
}

/** The error codes an action may answer, as the docs and metadata name them. */
export interface OfficialErrors {
  /** `<product>:<Action>` → codes the docs name for it. */
  actions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Codes of the OpenAPI gateway, any action. */
  gateway: ReadonlySet<string>;
  /** Each product's denial code. */
  denials: ReadonlyMap<string, string>;
  /** The simulation's own codes, each where it may appear (`<product>:<Action>`, `<product>:*` or `*`). */
  own: ReadonlyArray<{ code: string; where: readonly string[]; why: string }>;
}

/** An SDK model class as its package exports it. */
interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

type Shape = string | ModelClass | { type: 'array'; itemType: unknown } | { type: 'map'; valueType: unknown };

function isModel(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).names === 'function' &&
    typeof (value as Partial<ModelClass>).types === 'function'
  );
}

/** Every wire name of a model, nested models and lists flattened as `style` flattens them. */
interface Names {
  names: Set<string>;
  maps: Set<string>;
}

function flatten(model: ModelClass, prefix: string, style: 'request' | 'response', out: Names): void {
  const types = model.types();
  for (const [field, wire] of Object.entries(model.names())) {
    const name = prefix === '' ? wire : `${prefix}.${wire}`;
    out.names.add(name);
    shape(types[field] as Shape, name, style, out);
  }
}

function shape(type: Shape, name: string, style: 'request' | 'response', out: Names): void {
  if (isModel(type)) {
    flatten(type, name, style, out);
    return;
  }
  if (typeof type !== 'object' || type === null) return;
  if (type.type === 'array') {
    // A request list is `Name.N` (its members `Name.N.Field`); a response list is transparent.
    const member = style === 'request' ? `${name}.N` : name;
    if (style === 'request') out.names.add(member);
    shape(type.itemType as Shape, member, style, out);
  } else if (type.type === 'map') {
    out.maps.add(name);
  }
}

/**
 * The typed package's names of one action: its `Request` (and `ShrinkRequest`,
 * what the client sends for a JSON-encoded field) and `ResponseBody` models.
 * An action without parameters has no request model.
 */
function typed(mod: Record<string, unknown>, action: string, from: string): OfficialAction | undefined {
  const request: Names = { names: new Set(), maps: new Set() };
  const response: Names = { names: new Set(), maps: new Set() };
  const body = mod[`${action}ResponseBody`];
  if (!isModel(body)) return undefined;
  for (const model of [`${action}Request`, `${action}ShrinkRequest`].map((n) => mod[n]).filter(isModel)) {
    flatten(model, '', 'request', request);
  }
  flatten(body, '', 'response', response);
  return { request: request.names, response: response.names, maps: response.maps, from };
}

const PACKAGES = {
  ram: { mod: ram, name: '@alicloud/ram20150501' },
  ims: { mod: ims, name: '@alicloud/ims20190815' },
  sts: { mod: sts, name: '@alicloud/sts20150401' },
  ecs: { mod: ecs, name: '@alicloud/ecs20140526' },
} as const;

function packageVersion(name: string): string {
  const file = path.join(import.meta.dirname, '../../node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

interface FieldsFixture {
  source: { repo: string; commit: string };
  products: Record<
    string,
    { actions: Record<string, { request: string[]; response: string[]; maps: string[] }> }
  >;
}

function readFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** The official names of `<product>:<Action>`, or undefined when no source has the action. */
export function officialAction(product: string, action: string): OfficialAction | undefined {
  const fixture = readFixture<FieldsFixture>('official-fields.json');
  const fixed = fixture.products[product]?.actions[action];
  if (fixed) {
    return {
      request: new Set(fixed.request),
      response: new Set(fixed.response),
      maps: new Set(fixed.maps),
      from: `${fixture.source.repo}@${fixture.source.commit.slice(0, 12)}`,
    };
  }
  const pkg = (PACKAGES as Record<string, { mod: unknown; name: string }>)[product];
  if (!pkg) return undefined;
  return typed(pkg.mod as Record<string, unknown>, action, `${pkg.name}@${packageVersion(pkg.name)}`);
}

interface ErrorsFixture {
  gateway: { codes: string[] };
  denials: Record<string, { code?: string | null }>;
  products: Record<string, Record<string, Array<{ code: string }> | string[]>>;
  own: { codes: Array<{ code: string; where: string[]; why: string }> };
}

/** The official error codes (and the simulation's own, each with its reason). */
export function officialErrors(): OfficialErrors {
  const fixture = readFixture<ErrorsFixture>('official-errors.json');
  const actions = new Map<string, Set<string>>();
  for (const [product, byAction] of Object.entries(fixture.products)) {
    for (const [action, list] of Object.entries(byAction)) {
      if (action.startsWith('_')) continue;
      actions.set(`${product}:${action}`, new Set((list as Array<{ code: string }>).map((e) => e.code)));
    }
  }
  const denials = new Map<string, string>();
  for (const [product, denial] of Object.entries(fixture.denials)) {
    if (typeof denial.code === 'string') denials.set(product, denial.code);
  }
  return { actions, gateway: new Set(fixture.gateway.codes), denials, own: fixture.own.codes };
}

/** A name as the official lists write it: list indexes as `N`. */
export function canonicalName(name: string): string {
  return name.replace(/\.\d+(?=\.|$)/g, '.N');
}
