import { randomUUID } from 'node:crypto';
{%- if values.database == 'postgres' %}
import { Pool } from 'pg';
{%- endif %}

/** The example resource. */
export type Item = { id: string; name: string; quantity: number };
export type NewItem = Omit<Item, 'id'>;

/** Where items are stored. */
export interface ItemStore {
  create(item: NewItem): Promise<Item>;
  get(id: string): Promise<Item | undefined>;
  list(): Promise<Item[]>;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** In-memory store: tests, and local runs without a database. */
export class MemoryItemStore implements ItemStore {
  private readonly items = new Map<string, Item>();
  create(item: NewItem): Promise<Item> {
    const created = { id: randomUUID(), ...item };
    this.items.set(created.id, created);
    return Promise.resolve(created);
  }
  get(id: string) {
    return Promise.resolve(this.items.get(id));
  }
  list() {
    return Promise.resolve([...this.items.values()]);
  }
  async ping() {}
  async close() {}
}
{%- if values.database == 'postgres' %}

/** PostgreSQL store (DATABASE_URL). Creates its table on start. */
export class PostgresItemStore implements ItemStore {
  private constructor(private readonly pool: Pool) {}

  static async connect(url: string): Promise<PostgresItemStore> {
    const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 2000 });
    await pool.query(
      'CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text NOT NULL, quantity integer NOT NULL)',
    );
    return new PostgresItemStore(pool);
  }
  async create(item: NewItem): Promise<Item> {
    const id = randomUUID();
    await this.pool.query('INSERT INTO items (id, name, quantity) VALUES ($1, $2, $3)', [
      id,
      item.name,
      item.quantity,
    ]);
    return { id, ...item };
  }
  async get(id: string) {
    const res = await this.pool.query<Item>('SELECT id, name, quantity FROM items WHERE id = $1', [id]);
    return res.rows[0];
  }
  async list() {
    const res = await this.pool.query<Item>('SELECT id, name, quantity FROM items ORDER BY name LIMIT 100');
    return res.rows;
  }
  async ping() {
    await this.pool.query('SELECT 1');
  }
  async close() {
    await this.pool.end();
  }
}
{%- endif %}
