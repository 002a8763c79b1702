/** The roster format: `{ "people": [...] }`, one VectaraUser (and an optional password reset) per person. */
export { loadRoster, parseRoster, RosterError } from "./load";
export type { Roster, RosterPerson } from "./types";
