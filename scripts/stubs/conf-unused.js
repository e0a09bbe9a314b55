// conf imports ajv, ajv-formats and semver for two options this project never
// passes (`schema`, `migrations`): state.json is validated with zod and
// migrated by src/state/migrate.ts. The bundle replaces them with this stub
// so the run path does not load ~200 KB it cannot use. Reaching it is a bug.
const unused = (name) => () => {
  throw new Error(`${name} is not bundled: conf's schema and migrations options are not used`);
};
export class Ajv2020 {
  constructor() {
    unused('ajv')();
  }
}
export default {
  default: unused('ajv-formats'),
  eq: unused('semver'),
  clean: unused('semver'),
  satisfies: unused('semver'),
  lte: unused('semver'),
  gt: unused('semver'),
};
