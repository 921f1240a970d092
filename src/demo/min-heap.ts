/** A binary min-heap of (key, node, label) triples in parallel typed arrays, for the demo's graph searches. */

/** Ties are broken by insertion order, so searches are deterministic. */
export class MinHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  private labels = new Int32Array(1024);
  private order = new Float64Array(1024);
  private counter = 0;
  size = 0;

  push(key: number, node: number, label: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    const order = this.counter++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(key, order, this.keys[p]!, this.order[p]!)) break;
      this.set(i, this.keys[p]!, this.nodes[p]!, this.labels[p]!, this.order[p]!);
      i = p;
    }
    this.set(i, key, node, label, order);
  }

  pop(): { key: number; node: number; label: number } {
    const top = { key: this.keys[0]!, node: this.nodes[0]!, label: this.labels[0]! };
    const last = --this.size;
    const [key, node, label, order] = [this.keys[last]!, this.nodes[last]!, this.labels[last]!, this.order[last]!];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(this.keys[r]!, this.order[r]!, this.keys[l]!, this.order[l]!) ? r : l;
      if (!this.less(this.keys[c]!, this.order[c]!, key, order)) break;
      this.set(i, this.keys[c]!, this.nodes[c]!, this.labels[c]!, this.order[c]!);
      i = c;
    }
    this.set(i, key, node, label, order);
    return top;
  }

  private less(ka: number, oa: number, kb: number, ob: number): boolean {
    return ka < kb || (ka === kb && oa < ob);
  }

  private set(i: number, key: number, node: number, label: number, order: number): void {
    this.keys[i] = key;
    this.nodes[i] = node;
    this.labels[i] = label;
    this.order[i] = order;
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const keys = new Float64Array(n);
    const nodes = new Int32Array(n);
    const labels = new Int32Array(n);
    const order = new Float64Array(n);
    keys.set(this.keys);
    nodes.set(this.nodes);
    labels.set(this.labels);
    order.set(this.order);
    Object.assign(this, { keys, nodes, labels, order });
  }
}
