import { sql } from './db';

/**
 * Where personal data still is: every table of a schema, each row as JSON text, searched for
 * each needle (case-insensitive). `<table>: <needle>` for each table that holds it somewhere.
 */
export async function occurrences(schema: string, needles: string[]): Promise<string[]> {
  const tables = await sql<{ table_name: string }>(
    `select table_name from information_schema.tables
      where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
    [schema],
  );
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    for (const needle of needles) {
      const [{ n }] = await sql<{ n: number }>(
        `select count(*)::int as n from "${schema}"."${table}" t
          where strpos(lower(to_jsonb(t)::text), lower($1)) > 0`,
        [needle],
      );
      if (n > 0) found.push(`${table}: ${needle}`);
    }
  }
  return found;
}
