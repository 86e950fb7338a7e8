// Turns the apps' JSON log lines into something a person reads in a terminal,
// each prefixed with the app's name. LOG_FORMAT=json keeps the raw lines.
const COLORS = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
const LEVEL_COLORS = { trace: 90, debug: 90, info: 32, warn: 33, error: 31, fatal: 41 };
/** Nest's wiring chatter at start: useful in JSON, noise in a terminal. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export function createLineWriter({ pretty, color, width }) {
  let next = 0;
  const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    paint,
    /** A writer for one source (an app, or `start` itself). */
    forSource(name) {
      const prefix = paint(COLORS[next++ % COLORS.length], `${name.padEnd(width)} │ `);
      return (line) => {
        const text = pretty ? prettyLine(line, paint) : line;
        if (text === undefined) return;
        process.stdout.write(
          `${text
            .split('\n')
            .map((part) => prefix + part)
            .join('\n')}\n`,
        );
      };
    },
  };
}

function prettyLine(line, paint) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.msg !== 'string') return line;
  const { level, time, app: _app, msg, context, correlationId, err, stack, ...rest } = entry;
  if (QUIET_CONTEXTS.has(context)) return undefined;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const levelText = paint(
    LEVEL_COLORS[level] ?? 0,
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
  );
  const where = context ? paint(90, `[${context}] `) : '';
  const fields = Object.keys(rest).length > 0 ? ` ${paint(90, JSON.stringify(rest))}` : '';
  const cid = correlationId ? paint(90, ` cid=${correlationId}`) : '';
  const trace = err?.stack ?? stack;
  return `${paint(90, clock)} ${levelText} ${where}${msg}${fields}${cid}${trace ? `\n${trace}` : ''}`;
}
