// Hostile DNS answers built on purpose: compression-pointer chains that a naive decoder follows again for every
// name. Shared by the plain regression tests (test/unit/dns-wire.test.ts) and the fuzz generators.

/**
 * A response whose first answer carries, as its data, a chain of `hops` pointers, each pointing at the one before
 * (the first at a root name); then as many answers and authority records as fit in `size` bytes, every one of
 * them named by a pointer to the end of the chain. Before the hop cap, each of those names cost `hops` steps.
 */
export function pointerChainMessage(size: number, hops = 8000): Uint8Array {
  const out = new Uint8Array(size);
  out.set([0, 0, 0x81, 0x80], 0); // id 0, QR + RD + RA, no questions
  // Answer 1: root owner, type 0x63 (unknown), class IN, TTL 0, then its data: the chain.
  out.set([0, 0x00, 0x63, 0, 1, 0, 0, 0, 0], 12);
  const data = 12 + 11;
  out[data] = 0; // the root name the chain ends in
  let prev = data;
  let at = data + 1;
  for (let i = 0; i < hops && at + 2 <= 0x3fff && at + 2 <= size; i++) {
    out[at] = 0xc0 | (prev >> 8);
    out[at + 1] = prev & 0xff;
    prev = at;
    at += 2;
  }
  out[21] = (at - data) >> 8;
  out[22] = (at - data) & 0xff;
  const record = [0xc0 | (prev >> 8), prev & 0xff, 0x00, 0x63, 0, 1, 0, 0, 0, 0, 0, 0];
  let answers = 1;
  let authority = 0;
  while (at + 12 <= size && authority < 0xffff) {
    out.set(record, at);
    at += 12;
    if (answers < 0xffff) answers++;
    else authority++;
  }
  out.set([answers >> 8, answers & 0xff, authority >> 8, authority & 0xff], 6);
  return out.subarray(0, at);
}

/** One question whose name is `labels` one-letter labels, each reached through its own pointer (so `labels` hops). */
export function pointerPerLabelMessage(labels: number): Uint8Array {
  const bytes: number[] = [0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0];
  const question = bytes.length;
  bytes.push(0xc0, 0, 0, 1, 0, 1); // name: a pointer, patched below; type A, class IN
  // Label i is followed by a pointer to label i+1; the last one by the root.
  const starts: number[] = [];
  for (let i = 0; i < labels; i++) {
    starts.push(bytes.length);
    bytes.push(1, 0x61, ...(i + 1 < labels ? [0xc0, 0] : [0]));
  }
  for (let i = 0; i + 1 < labels; i++) {
    bytes[starts[i]! + 2] = 0xc0 | (starts[i + 1]! >> 8);
    bytes[starts[i]! + 3] = starts[i + 1]! & 0xff;
  }
  bytes[question] = 0xc0 | (starts[0]! >> 8);
  bytes[question + 1] = starts[0]! & 0xff;
  return new Uint8Array(bytes);
}

/** One question whose name is the root reached through exactly `hops` pointers in a row. */
export function pointerHopsMessage(hops: number): Uint8Array {
  const bytes: number[] = [0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1];
  let prev = bytes.length;
  bytes.push(0); // the root, at 18
  for (let i = 1; i < hops; i++) {
    const at = bytes.length;
    bytes.push(0xc0 | (prev >> 8), prev & 0xff);
    prev = at;
  }
  bytes[12] = 0xc0 | (prev >> 8); // the question's own pointer is the first hop
  bytes[13] = prev & 0xff;
  return new Uint8Array(bytes);
}
