/**
 * A bot's `config.csv` as the stack reads it to check that the platform took it up (contract §7, §11.5): one
 * `name,value` row per line (the value may hold commas), blank lines, `#` comments and a `name,value` / `key,…`
 * header skipped. The stack's own reader, apart from the reference platform's (platform/chat/bot-config.ts), so
 * that the checker and what it checks do not share one parser.
 * Returns the rows in file order, a later row of a name replacing an earlier one; never throws.
 */
export function configCsvRows(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line[0] === '#') continue;
    const [name, ...rest] = line.split(',');
    const key = name!.trim();
    if (!key || !rest.length || /^(name|key)$/i.test(key)) continue;
    rows.set(key, rest.join(',').trim());
  }
  return rows;
}
