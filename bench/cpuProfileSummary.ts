// Where a V8 CPU profile's time goes: the functions with most self time and the files with most inclusive time.
// Used by `profileScenario.ts`, and on its own for any `.cpuprofile` file (`summarizeProfile.ts`).

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

const shortUrl = (url: string) => url.replace(/.*\/(packages|plugins|node_modules)\//, '$1/');

export function summarize(profile: CpuProfile, top = 30): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const hits = new Map<number, number>();
  for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const frame = nodes.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + count);
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) files.add(shortUrl(nodes.get(at)!.callFrame.url));
    for (const file of files) if (file) inclusive.set(file, (inclusive.get(file) ?? 0) + count);
  }
  const print = (title: string, counts: Map<string, number>) => {
    console.log(title);
    for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * count) / profile.samples.length).toFixed(1).padStart(6)} %  ${name}`);
    }
  };
  print('self time', self);
  print('inclusive time per file', inclusive);
}

