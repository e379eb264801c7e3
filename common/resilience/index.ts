export * from './circuit-breaker';
export * from './retry';
