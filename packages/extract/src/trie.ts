/**
 * A character trie in flat typed arrays: with every spelling of a 5,000+ skill vocabulary it
 * holds ~300,000 nodes, which as objects with Maps cost ~160 MB; here they cost a few MB.
 * Children of a node sit contiguously, sorted by character code; values live only on the
 * nodes that end a key.
 */
/** Nodes with more children than this get a direct table. */
const DENSE_MIN = 12;

export class CompactTrie<T> {
  /** Edges of node n are [edgeStart[n], edgeStart[n + 1]). */
  private edgeStart: Int32Array = new Int32Array(1);
  private edgeCode: Uint16Array = new Uint16Array(0);
  private edgeTo: Int32Array = new Int32Array(0);
  /**
   * Nodes with many children (the root and the first letters) also get a 128-slot table of their
   * ASCII children: `dense[n]` is the table's offset in `tables`, or -1.
   */
  private dense: Int32Array = new Int32Array(1).fill(-1);
  private tables: Int32Array = new Int32Array(0);
  /** Build-time values by node; `freeze` moves them to `valueSlot`/`valueLists`. */
  private values = new Map<number, T[]>();
  /** Index into `valueLists` of node n's values, or -1: a typed-array read per step, not a Map lookup. */
  private valueSlot: Int32Array = new Int32Array(0);
  private valueLists: T[][] = [];

  // Build-time lists (left-child, right-sibling), dropped by `freeze`.
  private firstChild: number[] = [-1];
  private nextSibling: number[] = [-1];
  private code: number[] = [0];

  static readonly ROOT = 0;

  /** Adds a value under `key`; `first` puts it before the values already there. */
  insert(key: string, value: T, first = false): void {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let child = this.firstChild[node] as number;
      while (child >= 0 && this.code[child] !== c) child = this.nextSibling[child] as number;
      if (child < 0) {
        child = this.code.length;
        this.code.push(c);
        this.firstChild.push(-1);
        this.nextSibling.push(this.firstChild[node] as number);
        this.firstChild[node] = child;
      }
      node = child;
    }
    const list = this.values.get(node);
    if (!list) this.values.set(node, [value]);
    else if (first) list.unshift(value);
    else list.push(value);
  }

  /** Turns the build-time lists into the flat read-only arrays. Call once, after the last insert. */
  freeze(): void {
    const count = this.code.length;
    this.edgeStart = new Int32Array(count + 1);
    this.edgeCode = new Uint16Array(count);
    this.edgeTo = new Int32Array(count);
    let edge = 0;
    const kids: number[] = [];
    for (let node = 0; node < count; node++) {
      this.edgeStart[node] = edge;
      kids.length = 0;
      for (let child = this.firstChild[node] as number; child >= 0; child = this.nextSibling[child] as number) kids.push(child);
      kids.sort((a, b) => (this.code[a] as number) - (this.code[b] as number));
      for (const child of kids) {
        this.edgeCode[edge] = this.code[child] as number;
        this.edgeTo[edge] = child;
        edge++;
      }
    }
    this.edgeStart[count] = edge;
    this.dense = new Int32Array(count).fill(-1);
    const wide: number[] = [];
    for (let node = 0; node < count; node++)
      if ((this.edgeStart[node + 1] as number) - (this.edgeStart[node] as number) > DENSE_MIN) wide.push(node);
    this.tables = new Int32Array(wide.length * 128).fill(-1);
    wide.forEach((node, k) => {
      this.dense[node] = k * 128;
      for (let e = this.edgeStart[node] as number; e < (this.edgeStart[node + 1] as number); e++) {
        const c = this.edgeCode[e] as number;
        if (c < 128) this.tables[k * 128 + c] = this.edgeTo[e] as number;
      }
    });
    this.valueSlot = new Int32Array(count).fill(-1);
    for (const [node, list] of this.values) {
      this.valueSlot[node] = this.valueLists.length;
      this.valueLists.push(list);
    }
    this.values = new Map();
    this.firstChild = [];
    this.nextSibling = [];
    this.code = [];
  }

  get size(): number {
    return this.edgeStart.length - 1;
  }

  /** The child of `node` along character code `c`, or -1. */
  child(node: number, c: number): number {
    const table = this.dense[node] as number;
    if (table >= 0 && c < 128) return this.tables[table + c] as number;
    let lo = this.edgeStart[node] as number;
    let hi = this.edgeStart[node + 1] as number;
    if (hi - lo <= 8) {
      for (; lo < hi; lo++) if (this.edgeCode[lo] === c) return this.edgeTo[lo] as number;
      return -1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.edgeCode[mid] as number;
      if (at === c) return this.edgeTo[mid] as number;
      if (at < c) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** The values of keys ending at `node`, or undefined. */
  valuesAt(node: number): T[] | undefined {
    const slot = this.valueSlot[node] as number;
    return slot >= 0 ? this.valueLists[slot] : undefined;
  }
}
