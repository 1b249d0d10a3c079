import { diffTrees, FileTree, threeWayMerge } from './merge';

const tree = (files: Record<string, string>): FileTree =>
  new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)]));

const labels = {
  ours: 'service',
  base: 'template 1.0.0',
  theirs: 'template 1.1.0',
};

const text = (v: Buffer | null | undefined) =>
  v === null ? null : v?.toString('utf8');

describe('threeWayMerge', () => {
  it('takes the template change where the service changed nothing', async () => {
    const base = tree({
      Dockerfile: 'FROM a\n',
      'k8s/a.yaml': 'x: 1\n',
      old: 'o',
    });
    const theirs = tree({
      Dockerfile: 'FROM b\n',
      'k8s/a.yaml': 'x: 1\n',
      new: 'n',
    });
    const result = await threeWayMerge({ base, ours: base, theirs, labels });
    expect(result.conflicts).toEqual([]);
    expect(text(result.writes.get('Dockerfile'))).toBe('FROM b\n');
    expect(result.writes.get('old')).toBeNull();
    expect(text(result.writes.get('new'))).toBe('n');
    expect(result.writes.has('k8s/a.yaml')).toBe(false);
    expect(result.changedFiles).toEqual([
      { path: 'Dockerfile', change: 'modified' },
      { path: 'new', change: 'added' },
      { path: 'old', change: 'deleted' },
    ]);
  });

  it('merges changes to different lines of one file', async () => {
    const base = tree({ f: 'a\nb\nc\nd\ne\n' });
    const ours = tree({ f: 'A\nb\nc\nd\ne\n' });
    const theirs = tree({ f: 'a\nb\nc\nd\nE\n' });
    const result = await threeWayMerge({ base, ours, theirs, labels });
    expect(result.conflicts).toEqual([]);
    expect(text(result.writes.get('f'))).toBe('A\nb\nc\nd\nE\n');
  });

  it('leaves conflict markers where both changed the same lines', async () => {
    const base = tree({ f: 'a\nb\nc\n' });
    const ours = tree({ f: 'a\nours\nc\n' });
    const theirs = tree({ f: 'a\ntheirs\nc\n' });
    const result = await threeWayMerge({ base, ours, theirs, labels });
    expect(result.conflicts).toEqual([{ path: 'f', reason: 'both-changed' }]);
    const merged = text(result.writes.get('f'))!;
    expect(merged).toContain(
      '<<<<<<< service\nours\n=======\ntheirs\n>>>>>>> template 1.1.0',
    );
  });

  it('keeps the service side of deletes and binaries, listing each', async () => {
    const bin = (s: string) =>
      Buffer.concat([Buffer.from([0]), Buffer.from(s)]);
    const base: FileTree = new Map([
      ['gone-in-template', Buffer.from('1')],
      ['gone-in-service', Buffer.from('1')],
      ['logo.png', bin('1')],
    ]);
    const ours: FileTree = new Map([
      ['gone-in-template', Buffer.from('2')],
      ['logo.png', bin('2')],
      ['both-added', Buffer.from('mine\n')],
    ]);
    const theirs: FileTree = new Map([
      ['gone-in-service', Buffer.from('3')],
      ['logo.png', bin('3')],
      ['both-added', Buffer.from('theirs\n')],
    ]);
    const result = await threeWayMerge({ base, ours, theirs, labels });
    expect(result.conflicts).toEqual([
      { path: 'both-added', reason: 'added-both' },
      { path: 'gone-in-service', reason: 'deleted-in-service' },
      { path: 'gone-in-template', reason: 'deleted-in-template' },
      { path: 'logo.png', reason: 'binary' },
    ]);
    expect(result.writes.has('gone-in-template')).toBe(false);
    expect(result.writes.has('logo.png')).toBe(false);
  });

  it('changes nothing the service already has', async () => {
    const base = tree({ f: 'a\n' });
    const theirs = tree({ f: 'b\n' });
    const result = await threeWayMerge({ base, ours: theirs, theirs, labels });
    expect(result.writes.size).toBe(0);
    expect(result.conflicts).toEqual([]);
  });
});

describe('diffTrees', () => {
  it('lists added, modified and deleted paths in order', () => {
    expect(
      diffTrees(
        tree({ a: '1', b: '1', c: '1' }),
        tree({ a: '1', b: '2', d: '1' }),
      ),
    ).toEqual([
      { path: 'b', change: 'modified' },
      { path: 'c', change: 'deleted' },
      { path: 'd', change: 'added' },
    ]);
  });
});
