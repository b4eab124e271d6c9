// duckdb.mjs - the DuckDB peer of the benchmarks (bench/scale.sh): load a contracts CSV into a
// DuckDB file, or run the GROUP BY that innomon's recompute answers (the turnover per region
// and year) on it. Prints the operation's own time in milliseconds (without starting node),
// then, for the GROUP BY, its rows as CSV.
// usage: node duckdb.mjs load FILE.csv DB | node duckdb.mjs groupby DB
import { DuckDBInstance } from '@duckdb/node-api';

const [what, a, b] = process.argv.slice(2);
const db = await DuckDBInstance.create(what === 'load' ? b : a);
const con = await db.connect();
const t0 = performance.now();
if (what === 'load') {
  await con.run(`CREATE TABLE c AS SELECT * FROM read_csv('${a.replaceAll("'", "''")}', header = true,
    columns = {'no': 'VARCHAR', 'signed': 'DATE', 'amount': 'DOUBLE', 'region': 'VARCHAR', 'buyer': 'VARCHAR',
               'seller': 'VARCHAR'})`);
  await con.run('CHECKPOINT');
  console.log((performance.now() - t0).toFixed(1));
} else {
  const r = await con.runAndReadAll('SELECT region, year(signed) AS y, sum(amount) AS s FROM c GROUP BY ALL');
  const ms = performance.now() - t0;
  console.log(ms.toFixed(1));
  for (const row of r.getRows())
    console.log(`${row[0]},${row[1]},${row[2]}`);
}
