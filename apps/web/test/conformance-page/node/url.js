// node:url for the checkers in a page: a "file path" is a path on this page's server.
export function fileURLToPath(url) {
  return decodeURIComponent(new URL(url).pathname);
}

export function pathToFileURL(path) {
  return new URL(path, location.origin);
}
