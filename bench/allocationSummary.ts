// Where a V8 sampling heap profile's bytes were allocated: the functions that allocated most themselves, and the
// functions with most bytes allocated under them. Used by `profileScenario.ts` (`ALLOC=1`). The profile counts
// garbage too (objects a collection freed), so its total is what the garbage collector had to deal with.

export interface AllocationNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: AllocationNode[];
}

export interface AllocationProfile {
  head: AllocationNode;
  samples: { nodeId: number; size: number }[];
}

const shortUrl = (url: string) => url.replace(/.*\/(packages|plugins|node_modules)\//, '$1/');

const nameOf = (node: AllocationNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

/** Prints the allocation per record and the top allocating functions, by their own bytes and by what they called. */
export function summarizeAllocations(profile: AllocationProfile, records: number, top = 30): void {
  const bytesAt = new Map<number, number>();
  for (const sample of profile.samples) bytesAt.set(sample.nodeId, (bytesAt.get(sample.nodeId) ?? 0) + sample.size);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  // Depth first with the names on the path: a recursive function counts once per stack for its inclusive bytes.
  const visit = (node: AllocationNode, path: ReadonlySet<string>) => {
    const name = nameOf(node);
    const bytes = bytesAt.get(node.id) ?? 0;
    total += bytes;
    self.set(name, (self.get(name) ?? 0) + bytes);
    const below = path.has(name) ? path : new Set(path).add(name);
    for (const each of below) inclusive.set(each, (inclusive.get(each) ?? 0) + bytes);
    for (const child of node.children) visit(child, below);
  };
  visit(profile.head, new Set());
  console.log(`allocated ${(total / 1e6).toFixed(0)} MB, ${(total / records / 1024).toFixed(1)} KiB per record (garbage included)`);
  const print = (title: string, bytes: Map<string, number>) => {
    console.log(title);
    for (const [name, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(size / records).toFixed(0).padStart(7)} B/record  ${name}`);
    }
  };
  print('allocated by the function itself', self);
  print('allocated under the function', inclusive);
}
