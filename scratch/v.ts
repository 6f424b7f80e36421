import { validateSpecFiles } from '../lib/spec/validate/validate';
import { discoverSpecFiles } from '../lib/spec/files';
const r = validateSpecFiles([...discoverSpecFiles('.'), 'api-specs/nope.json']);
console.log(r.valid.map((v) => v.file), r.diagnostics);
