import { Pool } from 'pg';

let pool: Pool | undefined;

/** Direct SQL for assertions on what the systems of record wrote. */
export async function sql<T extends Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  pool ??= new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const result = await pool.query<T>(text, params);
  return result.rows;
}

export async function closeSql(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
