// The live checks the page runs next to each challenge: TXT for dns-01,
// A/AAAA for http-01, CAA for every name. Each has a pure evaluate* function
// over lookupAll answers and a check* wrapper that does the look-ups.

export type { CheckOptions } from './check-common.ts';
export { checkTxt, evaluateTxt, valueHint, zoneGuesses, type TxtCheck, type TxtSeen, type TxtStatus } from './check-txt.ts';
export { checkAddress, evaluateAddress, isPrivate, type AddressCheck, type AddressStatus } from './check-address.ts';
export { caaNodes, checkCaa, evaluateCaa, issuerOf, type CaaCheck, type CaaRecord, type CaaStatus } from './check-caa.ts';
