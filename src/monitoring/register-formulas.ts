/**
 * Loading this module registers every formula Lantu ships: one import per formula module. A monitoring
 * run imports it, so the registry is complete before the first formula is looked up.
 */
import './core-formulas.js';
import './formulas/land-use-areas.js';
import './formulas/control-lines.js';
import './formulas/ratios.js';
import './formulas/population.js';
import './formulas/roads.js';
import './formulas/life-circle.js';
import './formulas/facilities.js';
import './formulas/village-access.js';
