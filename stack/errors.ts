/**
 * Errors the stack raises: each one names what failed and what to do about it. Their `stack` is their message
 * alone, so that Playwright (global setup) and the CLI print that one message, without a code frame or a trace:
 * the place in our code says nothing to the person who set a variable wrong or whose service did not start.
 */

function frameless(e: Error): void {
  e.stack = `${e.name}: ${e.message}`;
}

/** Bad configuration: names the variable (or flag) and how to fix it. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
    frameless(this);
  }
}

/** A service did not come up: names the service, the deadline and shows the end of its log. */
export class ServiceStartError extends Error {
  readonly service: string;
  readonly logFile: string | undefined;
  constructor(service: string, reason: string, logFile?: string, logTail?: string) {
    const tail = logTail && logTail.trim() ? `\n--- last lines of ${logFile} ---\n${logTail.trimEnd()}\n---` : '';
    const where = logFile ? ` (log: ${logFile})` : '';
    super(`${service} did not start: ${reason}${where}${tail}`);
    this.name = 'ServiceStartError';
    this.service = service;
    this.logFile = logFile;
    frameless(this);
  }
}
