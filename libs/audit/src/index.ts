export * from './audit-entry';
export * from './audit-hash';
export * from './audit-chain.verifier';
export * from './audit.service';
export * from './audit.module';
