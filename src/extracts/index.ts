/** The extracts context's public surface (today: the variable catalogue). */
export {
  CODE_LISTS, DETAIL_LEVELS, GROUP_PREFIX, VARIABLE_GROUPS, VARIABLES, isLevelAllowed, levelsAllowed, sourceColumns, variableByName, variablesInGroup,
  type Variable, type VariableGroup,
} from './catalogue.js';
import { CODE_LISTS, DETAIL_LEVELS, VARIABLE_GROUPS, VARIABLES } from './catalogue.js';

/** The catalogue as served by `lmr variables --json` and `GET /api/extracts/v1/variables`. */
export function variableCatalogue(): { count: number; groups: typeof VARIABLE_GROUPS; variables: typeof VARIABLES; codeLists: typeof CODE_LISTS; detailLevels: typeof DETAIL_LEVELS } {
  return { count: VARIABLES.length, groups: VARIABLE_GROUPS, variables: VARIABLES, codeLists: CODE_LISTS, detailLevels: DETAIL_LEVELS };
}
