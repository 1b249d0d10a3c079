// Waits for the backend, then asks TechDocs to build the docs of every
// entity with backstage.io/techdocs-ref (GET /api/techdocs/sync/...), one at a
// time. Used by scripts/dev.d/docs.sh; prints one line per site.
const base = process.argv[2] ?? 'http://127.0.0.1:7007';
const deadline = Date.now() + 10 * 60_000;
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function ready() {
  try {
    const res = await fetch(`${base}/.backstage/health/v1/readiness`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

while (!(await ready())) {
  if (Date.now() > deadline) {
    console.log(
      'docs: backend not ready after 10 minutes; docs are built when opened',
    );
    process.exit(0);
  }
  await sleep(2000);
}
const auth = await fetch(`${base}/api/auth/guest/refresh`, {
  headers: { 'x-requested-with': 'XMLHttpRequest' },
});
if (!auth.ok) {
  console.log(
    `docs: guest sign-in failed (${auth.status}); docs are built when opened`,
  );
  process.exit(0);
}
const token = (await auth.json()).backstageIdentity.token;
const headers = { authorization: `Bearer ${token}` };
// The catalog ingests its locations in the background after start-up.
let entities = [];
for (let i = 0; i < 30 && entities.length < 2; i++) {
  const res = await fetch(
    `${base}/api/catalog/entities?filter=metadata.annotations.backstage.io/techdocs-ref&fields=kind,metadata.name,metadata.namespace`,
    { headers },
  );
  entities = res.ok ? await res.json() : [];
  if (entities.length < 2) await sleep(2000);
}
let built = 0;
for (const e of entities) {
  const ref = `${e.metadata.namespace ?? 'default'}/${e.kind}/${
    e.metadata.name
  }`.toLowerCase();
  try {
    const res = await fetch(`${base}/api/techdocs/sync/${ref}`, {
      headers,
      signal: AbortSignal.timeout(180_000),
    });
    await res.text();
    if (res.ok) built += 1;
    console.log(`docs: ${ref} ${res.ok ? 'built' : `failed (${res.status})`}`);
  } catch (error) {
    console.log(`docs: ${ref} failed (${error.message})`);
  }
}
console.log(
  `docs: ${built} of ${entities.length} docs sites built; search indexes them within two minutes`,
);
