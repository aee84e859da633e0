// The CSR code (pkijs, the largest lazy chunk) loaded ahead of need: the issuance asks for it (effect `prepare`) as
// soon as the cards show, so pkijs arrives while the user places files and finalize does not wait for it. Never on
// the first load.
type CsrModule = typeof import('./csr.ts');

let loading: Promise<CsrModule> | undefined;

/** The CSR module (buildCsr, parseCsr); every caller shares one load, and a failed load is tried again next time. */
export function loadCsr(): Promise<CsrModule> {
  loading ??= import('./csr.ts').catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** Start loading the CSR module now, without waiting; a failure shows when loadCsr() is awaited. */
export function preloadCsr(): void {
  loadCsr().catch(() => undefined);
}

/** Start loading what finalize and the issued certificate's check need: the CSR module and certificate parsing. */
export function preloadCertificateCode(): void {
  preloadCsr();
  import('./x509.ts').catch(() => undefined);
}
