import { createHash } from 'node:crypto';

/** The kinds of identifier the graph links, strongest first: the priority when limits bite. */
export const ID_KINDS = ['user_id', 'email', 'contact_id', 'lead_id', 'anonymous_id'] as const;
export type IdKind = (typeof ID_KINDS)[number];

/**
 * How many identifiers of a kind one profile may hold. A person has one
 * login and one crm contact, a few emails and leads, many devices; a shared
 * device seen with a second userId is not allowed to fuse two people.
 */
export const ID_LIMITS: Record<IdKind, number> = { user_id: 1, email: 5, contact_id: 1, lead_id: 5, anonymous_id: 100 };

const rank = (kind: IdKind) => ID_KINDS.indexOf(kind);

/** An identifier as the graph stores it: `kind:value`. */
export type IdKey = string;
export const keyOf = (kind: IdKind, value: string): IdKey => `${kind}:${value}`;
export function parseKey(key: IdKey): { kind: IdKind; value: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as IdKind, value: key.slice(at + 1) };
}

/** Placeholder values clients send for "no id": they must never join two people. */
const BLOCKED = new Set(['', 'null', 'undefined', 'anonymous', 'none', 'nil', 'n/a', 'unknown', '0', '-1', 'nan', 'false', 'true', '[object object]']);

/** The identifier as stored (emails compared case-insensitively), or null when it is blocked or not one. */
export function identifier(kind: IdKind, raw: unknown): IdKey | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let value = String(raw).trim();
  if (kind === 'email') value = value.toLowerCase();
  if (BLOCKED.has(value.toLowerCase())) return null;
  if (/^[0-]+$/.test(value)) return null; // all-zero ids, the nil uuid
  if (kind === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return null;
  if (value.length > 320) return null;
  return keyOf(kind, value);
}

/** Edges are undirected: stored with the smaller key first. */
export const edge = (a: IdKey, b: IdKey): [IdKey, IdKey] => (a < b ? [a, b] : [b, a]);

function edgeOrder(x: [IdKey, IdKey], y: [IdKey, IdKey]): number {
  const rx = [parseKey(x[0]).kind, parseKey(x[1]).kind].map(rank).sort((p, q) => p - q);
  const ry = [parseKey(y[0]).kind, parseKey(y[1]).kind].map(rank).sort((p, q) => p - q);
  return rx[0] - ry[0] || rx[1] - ry[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0) || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
}

/** The member that names a profile: the strongest kind, then the smallest value. */
export function canonicalOf(keys: Iterable<IdKey>): IdKey {
  let best: IdKey | null = null;
  for (const key of keys) {
    if (best === null) best = key;
    else {
      const d = rank(parseKey(key).kind) - rank(parseKey(best).kind);
      if (d < 0 || (d === 0 && key < best)) best = key;
    }
  }
  if (best === null) throw new Error('a profile has at least one identifier');
  return best;
}

export interface IdentityGraph {
  nodes: Iterable<IdKey>;
  /** Links seen in events. */
  edges: Iterable<[IdKey, IdKey]>;
  /** Links an admin made (a manual merge): accepted whatever the limits. */
  forced?: Iterable<[IdKey, IdKey]>;
  /** Identifiers an admin split off: their event links are ignored. */
  detached?: Iterable<IdKey>;
}

/**
 * Which identifiers form one profile: a function of the graph alone, never of
 * the order events arrived in. Admin merges first, then event links from the
 * strongest kinds down (ties by key); a link is taken unless the joined
 * profile would exceed a kind's limit. Returns each node's canonical key.
 */
export function partition(graph: IdentityGraph): Map<IdKey, IdKey> {
  const parent = new Map<IdKey, IdKey>();
  const counts = new Map<IdKey, Record<IdKind, number>>();
  const add = (key: IdKey) => {
    if (parent.has(key)) return;
    parent.set(key, key);
    const count = { user_id: 0, email: 0, contact_id: 0, lead_id: 0, anonymous_id: 0 };
    count[parseKey(key).kind] = 1;
    counts.set(key, count);
  };
  const find = (key: IdKey): IdKey => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = key;
    while (node !== root) [node] = [parent.get(node)!, parent.set(node, root)];
    return root;
  };
  const union = (a: IdKey, b: IdKey, force: boolean) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ca = counts.get(ra)!;
    const cb = counts.get(rb)!;
    if (!force && ID_KINDS.some((kind) => ca[kind] + cb[kind] > ID_LIMITS[kind])) return;
    for (const kind of ID_KINDS) ca[kind] += cb[kind];
    parent.set(rb, ra);
  };
  for (const node of graph.nodes) add(node);
  const detached = new Set(graph.detached ?? []);
  const forced = [...(graph.forced ?? [])].map(([a, b]) => edge(a, b)).sort(edgeOrder);
  for (const [a, b] of forced) {
    add(a);
    add(b);
    union(a, b, true);
  }
  const edges = [...graph.edges].map(([a, b]) => edge(a, b)).filter(([a, b]) => a !== b && !detached.has(a) && !detached.has(b));
  for (const [a, b] of edges.sort(edgeOrder)) {
    add(a);
    add(b);
    union(a, b, false);
  }
  const members = new Map<IdKey, IdKey[]>();
  for (const key of parent.keys()) {
    const root = find(key);
    members.set(root, [...(members.get(root) ?? []), key]);
  }
  const result = new Map<IdKey, IdKey>();
  for (const group of members.values()) {
    const canonical = canonicalOf(group);
    for (const key of group) result.set(key, canonical);
  }
  return result;
}

/** A profile's id follows from its canonical identifier, so a rebuild or another order gives the same ids. */
export function profileIdOf(canonical: IdKey): string {
  const h = createHash('sha256').update(`analytics.profile:${canonical}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
