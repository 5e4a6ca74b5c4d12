import pg from 'pg';
const url = 'postgres://postgres@127.0.0.1:5432/postcpu';
const setup = new pg.Client(url); await setup.connect();
await setup.query('create table if not exists nt (id serial primary key, v text)');
const clients = await Promise.all(Array.from({ length: 8 }, async () => { const c = new pg.Client(url); await c.connect(); return c; }));
async function run(mode) {
  const t0 = performance.now(); const lat = [];
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < 150; i++) {
      const s = performance.now();
      await c.query('begin');
      await c.query(mode === 'in-tx' ? "insert into nt (v) values ('x') returning id, pg_notify('chan', 'o')" : "insert into nt (v) values ('x') returning id");
      await c.query('commit');
      if (mode === 'after') await c.query("select pg_notify('chan', 'o')");
      lat.push(performance.now() - s);
    }
  }));
  lat.sort((a, b) => a - b);
  console.log(mode.padEnd(8), 'commits/s', (1200 / ((performance.now() - t0) / 1000)).toFixed(0), 'p50', lat[600].toFixed(2), 'p99', lat[1188].toFixed(2));
}
for (let r = 0; r < 2; r++) for (const m of ['in-tx', 'none', 'after']) await run(m);
for (const c of clients) await c.end(); await setup.query('drop table nt'); await setup.end();
