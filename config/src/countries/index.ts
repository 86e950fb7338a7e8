export * from './country-settings';
export { distanceToCountryKm } from './country-borders';
export * from './partner-rules';
