// Save text or bytes as a file through the browser's download (no server involved).
export function downloadText(name: string, text: string, type = 'application/x-pem-file'): void {
  save(name, new Blob([text], { type }));
}

export function downloadBytes(name: string, bytes: Uint8Array, type: string): void {
  save(name, new Blob([new Uint8Array(bytes)], { type }));
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
