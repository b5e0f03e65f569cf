// node:fs for the checkers in a page: readFileSync over a synchronous request to the same server.
export function readFileSync(path, encoding) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', path, false);
  if (!encoding) xhr.overrideMimeType('text/plain; charset=x-user-defined');
  xhr.send();
  if (xhr.status !== 200) {
    const e = new Error(`ENOENT: no such file or directory, open '${path}' (HTTP ${xhr.status})`);
    e.code = 'ENOENT';
    throw e;
  }
  if (encoding) return xhr.responseText;
  const text = xhr.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
