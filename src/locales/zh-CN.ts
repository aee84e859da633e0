
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'sefcf950b3cc4fc3b': `Language`,
's35f7865fdde2447c': `Set up`,
's07a0399d78f16668': `Prove control`,
'sd8adbc60f2886b80': `Issue`,
'sd3386a2ef42e80b9': `Download`,
's6ebc9bd6feae62a3': `Loading…`,
'sc162dae3c73dc3de': `Get a TLS certificate from Let's Encrypt or any ACME CA, right here. Keys are made in this browser and never leave it.`,
's3183b9e77d03adab': `This order is open in another tab, which is working on it. This tab shows what it does.`,
's724523d20f5d9574': `Continue here instead`,
'sdcdf97762b7bc94b': `This browser refused to store your work.`,
'sa0373dc7341785de': `Keep this tab open; the files are offered for download as soon as the certificate is issued.`,
'sa557ae6bee9148a6': `Progress`,
's748de4c94586dd97': ` (failed)`,
'sda210b4051116635': `My certificates`,
'se48bd9e6c2a3109d': `Accounts`,
's5e80e3b63471b990': `Backup and restore`,
'se494f92ab49dc38a': `Backup and restore (an encrypted file with your accounts and certificates)`,
's112346932b0dbc3a': `Make a key and CSR`,
's8b1ba2a185fbdd22': `Make a key and CSR (for a CA elsewhere, or to bring your own CSR)`,
'sab063335071060dd': `DNS checks`,
's917a2dccd0b00b40': `certpage talks to the CA you choose and, only if you allow DNS checks, to the DNS-over-HTTPS resolvers listed under DNS checks (they learn the names checked). Nothing else leaves this browser.`,
    };
  