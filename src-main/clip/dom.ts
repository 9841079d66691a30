import type { parseHTML } from 'linkedom';

/** The documents the clipper works on: linkedom's, typed by what parseHTML returns. */
export type LinkedomDocument = ReturnType<typeof parseHTML>['document'];

export type LinkedomElement = ReturnType<LinkedomDocument['createElement']>;
