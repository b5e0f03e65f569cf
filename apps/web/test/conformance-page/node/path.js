// node:path (POSIX) for the checkers in a page; the working directory is the server's root '/'.
function normalise(path) {
  const out = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export function resolve(...paths) {
  let path = '';
  for (let i = paths.length - 1; i >= 0 && !path.startsWith('/'); i--) path = paths[i] + (path ? `/${path}` : '');
  return normalise(path.startsWith('/') ? path : `/${path}`);
}

export function dirname(path) {
  const p = normalise(path);
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

export function join(...paths) {
  return normalise(paths.join('/'));
}
