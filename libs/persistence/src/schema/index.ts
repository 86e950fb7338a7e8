// Every table of the system, one `<name>.schema.ts` per table or small group,
// each matching a migration in libs/persistence/migrations. Add a line here for
// each new file: drizzle's typed `DATABASE` is built from this module.
export * from './processed-events.schema';
export * from './auth.schema';
export * from './audit.schema';
export * from './outbox.schema';
export * from './audience.schema';
export * from './alerts.schema';
export * from './delivery.schema';
