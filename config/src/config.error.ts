/** One problem with one environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown at start-up with every bad variable named, so one fix-up round suffices. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      ['Invalid configuration:', ...issues.map((issue) => `  ${issue.variable}: ${issue.message}`)].join(
        '\n',
      ),
    );
    this.name = 'ConfigError';
  }
}
