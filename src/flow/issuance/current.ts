// The setting that holds the id of the issuance this browser shows (a reload lands on it).
export const CURRENT = 'currentIssuance';
