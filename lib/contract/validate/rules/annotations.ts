import { didYouMean } from '../../suggest';
import type { SpecRule } from '../context';
import { forEachRepeat, memberSites, nameHint, own } from './walk';

export const annotationDeclared: SpecRule = {
  id: 'annotation-declared',
  description:
    'Annotations on fields and parameters are declared in the top-level `annotations`, each given once.',
  check(spec, report) {
    const declared = Object.keys(spec.annotations ?? {});
    for (const site of memberSites(spec)) {
      const annotations = site.member.annotations ?? [];
      annotations.forEach((name, i) => {
        if (own(spec.annotations, name)) return;
        report(
          [...site.path, 'annotations', i],
          `annotation "${name}" on ${site.where} is not declared`,
          nameHint(
            didYouMean(name, declared),
            `Declare it under the top-level "annotations" with a description: "${name}": { "description": "..." }.`,
          ),
        );
      });
      forEachRepeat(
        annotations,
        (name) => name,
        (i, _first, name) =>
          report(
            [...site.path, 'annotations', i],
            `annotation "${name}" is given twice on ${site.where}`,
            'Remove the repeat.',
          ),
      );
    }
  },
};
