import type { SolutionView } from '../../../shared/domain.js';

/** Each reason an image was not solved, in words (the product's solution panel, the task list). */
export const UNSOLVED_REASON_TEXT: Readonly<Record<Extract<SolutionView, { solved: false }>['reason'], string>> = {
  no_sources: 'too few stars found',
  no_index: 'no index file for this field size',
  time_limit: 'no match within the time limit',
  no_match: 'no match in the index files',
};
