import { serviceNameOfFile } from '../../files';
import type { SpecRule } from '../context';

export const nameMatchesFile: SpecRule = {
  id: 'name-matches-file',
  description: "A spec's `name` equals its file name, so tools can find a service by name.",
  check(spec, report, file) {
    const expected = serviceNameOfFile(file);
    if (spec.name !== expected) {
      report(
        ['name'],
        `service name "${spec.name}" does not match the file name "${expected}.json"`,
        `Set "name" to "${expected}", or rename the file to ${spec.name}.json.`,
      );
    }
  },
};
