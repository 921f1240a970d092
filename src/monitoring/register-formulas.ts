/**
 * Loading this module registers every formula Lantu ships: one import per formula module. A monitoring
 * run imports it, so the registry is complete before the first formula is looked up.
 */
import './core-formulas.js';
