// pkijs keeps its WebCrypto engine in a global (per process in Node) and its
// auto-detection fails under some Node test runners (PKI.js#414). Setting it
// here, synchronously, at import time means every module that imports this
// file first can use pkijs straight away.

import * as pkijs from 'pkijs';

let done = false;

export function ensurePkijsEngine(): void {
  if (done) return;
  const crypto = globalThis.crypto;
  // i18n-exempt: only in a page without a secure context, which cannot run certpage at all
  if (!crypto?.subtle) throw new Error('WebCrypto (globalThis.crypto.subtle) is not available; a secure context (https or localhost) is needed.');
  pkijs.setEngine('webcrypto', new pkijs.CryptoEngine({ name: 'webcrypto', crypto }));
  done = true;
}

ensurePkijsEngine();
