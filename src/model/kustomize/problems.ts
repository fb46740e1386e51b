import type { Location } from '../../diagnostic.js';

/** Something a build could not do as written; rules turn these into findings. */
export interface BuildProblem {
  kind: 'missing' | 'cycle' | 'outside-root' | 'remote' | 'invalid';
  message: string;
  location: Location;
}
